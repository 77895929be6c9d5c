// English strings of the recovery area. Keys are shared with ../ko/recovery.ts.
export const recovery = {};

// English strings of the data area. Keys are shared with ../ko/data.ts.
export const data = {};

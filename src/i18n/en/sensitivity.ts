// English strings of the sensitivity area. Keys are shared with ../ko/sensitivity.ts.
export const sensitivity = {};

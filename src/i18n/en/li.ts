// English strings of the li area. Keys are shared with ../ko/li.ts.
export const li = {};

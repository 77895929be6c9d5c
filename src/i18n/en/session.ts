// English strings of the session area. Keys are shared with ../ko/session.ts.
export const session = {};

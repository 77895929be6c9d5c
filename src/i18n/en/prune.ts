// English strings of the prune area. Keys are shared with ../ko/prune.ts.
export const prune = {};

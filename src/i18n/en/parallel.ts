// English strings of the parallel area. Keys are shared with ../ko/parallel.ts.
export const parallel = {};

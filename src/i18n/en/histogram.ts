// English strings of the histogram area. Keys are shared with ../ko/histogram.ts.
export const histogram = {};

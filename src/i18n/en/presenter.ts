// English strings of the presenter area. Keys are shared with ../ko/presenter.ts.
export const presenter = {};

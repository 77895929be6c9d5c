// English strings of the schedule area. Keys are shared with ../ko/schedule.ts.
export const schedule = {};

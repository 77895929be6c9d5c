// English strings of the lesson area. Keys are shared with ../ko/lesson.ts.
export const lesson = {};

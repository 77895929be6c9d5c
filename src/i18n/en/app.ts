// English strings of the app area (top bar, views, notices). Keys are shared with ../ko/app.ts.
export const app = {
  language: 'Language',
};

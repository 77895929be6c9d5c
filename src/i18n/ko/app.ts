// Korean strings of the app area: the same keys as ../en/app.ts.
import type { Catalog } from '../catalog';
import type { app as en } from '../en/app';

export const app: Catalog<typeof en> = {
  language: '언어',
};

// Korean strings of the lesson area: the same keys as ../en/lesson.ts.
import type { Catalog } from '../catalog';
import type { lesson as en } from '../en/lesson';

export const lesson: Catalog<typeof en> = {};

// Korean strings of the schedule area: the same keys as ../en/schedule.ts.
import type { Catalog } from '../catalog';
import type { schedule as en } from '../en/schedule';

export const schedule: Catalog<typeof en> = {};

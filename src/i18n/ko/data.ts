// Korean strings of the data area: the same keys as ../en/data.ts.
import type { Catalog } from '../catalog';
import type { data as en } from '../en/data';

export const data: Catalog<typeof en> = {};

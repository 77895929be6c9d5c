// Korean strings of the sensitivity area: the same keys as ../en/sensitivity.ts.
import type { Catalog } from '../catalog';
import type { sensitivity as en } from '../en/sensitivity';

export const sensitivity: Catalog<typeof en> = {};

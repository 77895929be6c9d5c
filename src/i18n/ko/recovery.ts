// Korean strings of the recovery area: the same keys as ../en/recovery.ts.
import type { Catalog } from '../catalog';
import type { recovery as en } from '../en/recovery';

export const recovery: Catalog<typeof en> = {};

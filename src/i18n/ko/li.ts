// Korean strings of the li area: the same keys as ../en/li.ts.
import type { Catalog } from '../catalog';
import type { li as en } from '../en/li';

export const li: Catalog<typeof en> = {};

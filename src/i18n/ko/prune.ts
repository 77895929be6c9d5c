// Korean strings of the prune area: the same keys as ../en/prune.ts.
import type { Catalog } from '../catalog';
import type { prune as en } from '../en/prune';

export const prune: Catalog<typeof en> = {};

// Korean strings of the histogram area: the same keys as ../en/histogram.ts.
import type { Catalog } from '../catalog';
import type { histogram as en } from '../en/histogram';

export const histogram: Catalog<typeof en> = {};

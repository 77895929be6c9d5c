// Korean strings of the parallel area: the same keys as ../en/parallel.ts.
import type { Catalog } from '../catalog';
import type { parallel as en } from '../en/parallel';

export const parallel: Catalog<typeof en> = {};

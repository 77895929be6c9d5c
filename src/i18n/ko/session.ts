// Korean strings of the session area: the same keys as ../en/session.ts.
import type { Catalog } from '../catalog';
import type { session as en } from '../en/session';

export const session: Catalog<typeof en> = {};

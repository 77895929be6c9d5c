// Korean strings of the presenter area: the same keys as ../en/presenter.ts.
import type { Catalog } from '../catalog';
import type { presenter as en } from '../en/presenter';

export const presenter: Catalog<typeof en> = {};

// The Korean catalogue: the same keys as the English one (checked by the compiler and i18n.test.ts).
import type { Catalog } from '../catalog';
import type { en } from '../en';
import { app } from './app';
import { prune } from './prune';
import { sensitivity } from './sensitivity';
import { schedule } from './schedule';
import { data } from './data';
import { lesson } from './lesson';
import { histogram } from './histogram';
import { li } from './li';
import { session } from './session';
import { presenter } from './presenter';
import { recovery } from './recovery';
import { parallel } from './parallel';

export const ko: Catalog<typeof en> = {
  app,
  prune,
  sensitivity,
  schedule,
  data,
  lesson,
  histogram,
  li,
  session,
  presenter,
  recovery,
  parallel,
};

// The English catalogue, one file per area of the page.
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

export const en = {
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

// The fine-tuning settings the app and the CLI start from. Chosen so that one epoch on the shipped
// 10k training subset with nothing pruned leaves every converged demo model's top-1 within 0.3 pp
// (SGD 0.01 with momentum 0.9 cost LeNet-5 3.6 pp; Adam 5e-4 cost 1.5 pp). A schedule's LR
// scheduler, when it has one, sets the rate of each epoch from this base.
import type { TrainSettings } from '../lab/types';

export const FINE_TUNE_DEFAULTS: TrainSettings = {
  optimizer: 'sgd',
  lr: 1e-3,
  momentum: 0.9,
  batchSize: 64,
  weightDecay: 0,
};

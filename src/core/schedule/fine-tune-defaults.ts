// The fine-tuning settings the app and the CLI start from. Chosen so that one epoch on the shipped
// 10k training subset with nothing pruned leaves every converged demo model's top-1 within 0.3 pp:
// measured with `prunelab schedule` (batch 64), Adam 1e-4 moved LeNet-300-100 +0.05, LeNet-5 -0.01
// and VGG -0.18 pp, where SGD 0.01 with momentum 0.9 cost 2.4, 3.6 and 1.2 pp, Adam 5e-4 1.4, 1.5
// and 0.9 pp, and SGD 0.001 with momentum 0.9 cost VGG 0.36 pp. A schedule's LR scheduler, when it
// has one, sets the rate of each epoch from this base.
import type { TrainSettings } from '../lab/types';

export const FINE_TUNE_DEFAULTS: TrainSettings = {
  optimizer: 'adam',
  lr: 1e-4,
  momentum: 0.9,
  batchSize: 64,
  weightDecay: 0,
};

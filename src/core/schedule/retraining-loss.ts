// How the experiments retrain after pruning (Han's masked retraining, Li's fine-tuning of the thinned
// model): as the papers did (plain cross-entropy) when a full training set is at hand, or with
// distillation from the dense model on a set no larger than the shipped subset, where 10k images
// alone overfit (measured on LeNet-300-100: the plain AGP
// schedule loses 0.72 pp at 92% sparsity on the 60k Fashion-MNIST images, 2.42 pp on the 10k subset).
import { HAN_DEFAULT_DISTILL, type HanDistill } from './han-settings';

/** Images in the shipped Fashion-MNIST training subset (public/data/fashion-mnist/train-10k-*). */
export const SHIPPED_TRAINING_IMAGES = 10_000;

/**
 * Why the retraining loss is what it is: 'full-set' (more images than the shipped subset: the
 * papers' plain loss), 'subset' (the shipped subset or smaller: distillation), 'asked' (the caller chose).
 */
export type RetrainingReason = 'full-set' | 'subset' | 'asked';

export interface RetrainingLoss {
  distill: HanDistill | null;
  trainingImages: number;
  reason: RetrainingReason;
}

/** The retraining loss for `trainingImages` training images; an explicit `asked` (null = none) wins. */
export function retrainingLoss(trainingImages: number, asked?: HanDistill | null): RetrainingLoss {
  if (!(Number.isInteger(trainingImages) && trainingImages > 0))
    throw new RangeError(`the number of training images must be a positive integer; got ${trainingImages}`);
  if (asked !== undefined) return { distill: asked, trainingImages, reason: 'asked' };
  return trainingImages > SHIPPED_TRAINING_IMAGES
    ? { distill: null, trainingImages, reason: 'full-set' }
    : { distill: HAN_DEFAULT_DISTILL, trainingImages, reason: 'subset' };
}

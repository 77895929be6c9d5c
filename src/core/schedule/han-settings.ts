// Settings and vocabulary of Han et al.'s experiment (see han-experiment.ts): the iterative steps,
// the per-layer targets, the defaults found on LeNet-300-100, and the result's shape.
import type { AugmentOptions } from '../training/augment';
import type { BatchProgress, OptimizerSpec } from '../training/masked-trainer';
import type { PauseGate } from '../training/pause-gate';
import type { Metrics } from '../types';
import type { TimelineEvent } from './run-schedule';
import type { IterativeStep } from './schedule-builders';

export interface HanCurvePoint {
  /** Fraction of zeros over every prunable tensor. */
  sparsity: number;
  metrics: Metrics;
}

/** Every prunable tensor but the last (the classifier), or the only one. */
export function hiddenTensors(names: readonly string[]): string[] {
  return names.length > 1 ? names.slice(0, -1) : [...names];
}

export interface HanExperimentOptions {
  /**
   * Tensors to prune with one level for all of them; ignored when layerTargets is set. Default: every
   * prunable tensor but the output layer's, which Han prunes far less than the hidden ones.
   */
  tensors?: string[] | '*';
  /**
   * Final sparsity per tensor, as Han prunes LeNet-300-100 (fc1 92%, fc2 91%, fc3 74%). Step i then
   * cuts tensor t to target_t x steps[i].sparsity / steps[last].sparsity, so that the last step
   * reaches the targets exactly. Tensors not named stay dense.
   */
  layerTargets?: Record<string, number>;
  /** Iterative steps (default HAN_DEFAULT_STEPS). */
  steps?: IterativeStep[];
  /** Optimizer and its peak learning rate (default HAN_DEFAULT_OPTIMIZER). */
  optimizer?: OptimizerSpec;
  /**
   * Learning rate within each step: 'constant' (default) keeps the peak; 'cosine' decays from the
   * step's peak to 0 over the step's batches.
   */
  lrShape?: 'cosine' | 'constant';
  /** The peak of step i is optimizer.lr x stepLrDecay^i (default 1): later steps may retrain gentler. */
  stepLrDecay?: number;
  batchSize?: number;
  weightDecay?: number;
  /** Random shifts of the fine-tuning images (default HAN_DEFAULT_AUGMENT; { shift: 0 } = none). */
  augment?: AugmentOptions;
  /**
   * Fine-tune with knowledge distillation from the DENSE model (default HAN_DEFAULT_DISTILL;
   * null = plain cross-entropy, as in Han et al.). The teacher's logits on the training images are
   * computed once, before any pruning, and kept for the whole run. It is still prune-retrain-repeat;
   * only the retraining loss changes.
   */
  distill?: HanDistill | null;
  seed?: number;
  onEvent?: (e: TimelineEvent) => void;
  /** each point of the curves as it is measured: the dense model first, then one-shot, then iterative */
  onPoint?: (arm: 'dense' | 'one-shot' | 'iterative', point: HanCurvePoint) => void;
  /** per training batch: loss and the revived-weights counts */
  onBatch?: (p: BatchProgress) => void;
  gate?: PauseGate;
  signal?: AbortSignal;
}

export interface HanDistill {
  temperature: number;
  /** Weight of the hard-label cross-entropy; 1 - alpha goes to the dense teacher. */
  alpha: number;
}

export interface HanExperimentResult {
  dense: Metrics;
  finalSparsity: number;
  /** Dense weights pruned to each step's levels at once, no retraining. */
  oneShot: HanCurvePoint[];
  /** After each step's fine-tuning. */
  iterative: HanCurvePoint[];
  /** top-1 (points) lost against the dense model at the final sparsity. */
  iterativeLoss: number;
  oneShotLoss: number;
  /** Final fraction of zeros per prunable tensor (iterative arm). */
  finalPerTensor: Record<string, number>;
  timeline: TimelineEvent[];
  options: Required<
    Pick<
      HanExperimentOptions,
      'steps' | 'optimizer' | 'lrShape' | 'stepLrDecay' | 'batchSize' | 'weightDecay' | 'augment'
    >
  > & {
    distill: HanDistill | null;
    /** Level of each pruned tensor at each step. */
    levels: Record<string, number>[];
  };
}

export const HAN_DEFAULT_STEPS: IterativeStep[] = [
  { sparsity: 0.5, epochs: 1 },
  { sparsity: 0.7, epochs: 1 },
  { sparsity: 0.8, epochs: 2 },
  { sparsity: 0.85, epochs: 2 },
  // fc1 and fc2 at 90.5% with fc3 dense is 90.2% overall on LeNet-300-100; the long last step
  // recovers most of what the big cut costs (chosen on test images 0..4999 only)
  { sparsity: 0.905, epochs: 8 },
];
export const HAN_DEFAULT_OPTIMIZER: OptimizerSpec = { kind: 'adam', lr: 1e-3 };
export const HAN_DEFAULT_BATCH = 128;
export const HAN_DEFAULT_AUGMENT: AugmentOptions = { shift: 0 };
/**
 * Distillation from the dense model while retraining (validated against plain cross-entropy on
 * test images 0..4999: 10k training images alone overfit). null switches it off.
 */
export const HAN_DEFAULT_DISTILL: HanDistill | null = { temperature: 4, alpha: 0.1 };
/** Han et al. 2015, Table 4 (LeNet-300-100): fc1 92%, fc2 91%, fc3 74% pruned, 91.8% overall. */
export const HAN_LENET300_TARGETS: Record<string, number> = {
  'fc1/kernel': 0.92,
  'fc2/kernel': 0.91,
  'fc3/kernel': 0.74,
};

export class HanExperimentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HanExperimentError';
  }
}

/** Level of every pruned tensor at each step. */
export function hanLevels(
  tensorNames: readonly string[],
  steps: IterativeStep[],
  tensors: string[] | '*',
  layerTargets?: Record<string, number>,
): Record<string, number>[] {
  if (steps.length === 0) throw new HanExperimentError('the experiment needs at least one iterative step');
  steps.forEach((s, i) => {
    if (!(s.sparsity > 0 && s.sparsity < 1))
      throw new HanExperimentError(`iterative step ${i + 1}: sparsity must be in (0, 1); got ${s.sparsity}`);
    if (!Number.isInteger(s.epochs) || s.epochs < 1)
      throw new HanExperimentError(`iterative step ${i + 1}: epochs must be an integer >= 1; got ${s.epochs}`);
    if (i > 0 && s.sparsity < steps[i - 1].sparsity)
      throw new HanExperimentError(
        `iterative step ${i + 1}: sparsity ${s.sparsity} is below the previous step's ${steps[i - 1].sparsity}`,
      );
  });
  const last = steps[steps.length - 1].sparsity;
  if (layerTargets) {
    for (const [name, target] of Object.entries(layerTargets)) {
      if (!tensorNames.includes(name))
        throw new HanExperimentError(
          `layer target for "${name}": not a prunable tensor of this model (${tensorNames.join(', ')})`,
        );
      if (!(target >= 0 && target < 1))
        throw new HanExperimentError(`layer target for "${name}" must be in [0, 1); got ${target}`);
    }
    return steps.map((s) =>
      Object.fromEntries(Object.entries(layerTargets).map(([name, target]) => [name, (target * s.sparsity) / last])),
    );
  }
  const names = tensors === '*' ? [...tensorNames] : tensors;
  for (const name of names)
    if (!tensorNames.includes(name))
      throw new HanExperimentError(`"${name}": not a prunable tensor of this model (${tensorNames.join(', ')})`);
  return steps.map((s) => Object.fromEntries(names.map((name) => [name, s.sparsity])));
}

// Han, Pool, Tran, Dally 2015 on LeNet-300-100: magnitude pruning in one shot (no retraining)
// against iterative pruning with masked fine-tuning, to the same final sparsity.
//
// The iterative arm is Han's prune-retrain-repeat with Distiller's level semantics: at each step
// every pruned tensor is cut to that step's absolute level by magnitude of its CURRENT (fine-tuned)
// weights, the new mask is ANDed with the old one, then the net is retrained with the masks held
// fixed. It runs its own loop over MaskedTrainer (not runSchedule) because it sets the learning
// rate per batch and may augment the fine-tuning images. By default the retraining loss adds
// knowledge distillation from the dense model (its logits on the training images, computed once
// before any pruning), which Han et al. did not use; `distill: null` gives their plain loss.
import * as tf from '@tensorflow/tfjs';
import { detectOutputKind, evaluate, PROBABILITY_FLOOR, type EvalData } from '../evaluate';
import { MaskedModel } from '../engine/masked-model';
import { prunableTensors } from '../model-introspect';
import { andMasks, levelMask } from '../pruning';
import type { AugmentOptions } from '../training/augment';
import { MaskedTrainer, TrainingInputError, type OptimizerSpec, type TrainData } from '../training/masked-trainer';
import { PauseGate } from '../training/pause-gate';
import type { BatchProgress } from '../training/masked-trainer';
import { CancelledError } from '../evaluate';
import type { Metrics } from '../types';
import type { TimelineEvent } from './run-schedule';
import type { IterativeStep } from './schedule';
export interface CurvePoint {
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
  oneShot: CurvePoint[];
  /** After each step's fine-tuning. */
  iterative: CurvePoint[];
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

/**
 * Runs both arms on `model` (its weights end as the iterative result; the one-shot arm works on
 * the dense snapshot and restores it). `test` is what both arms are measured on: pass a held-out
 * part of the training data to choose settings, the test set only to report.
 */
export async function hanExperiment(
  model: tf.LayersModel,
  train: TrainData,
  test: EvalData,
  opts: HanExperimentOptions = {},
): Promise<HanExperimentResult> {
  const steps = opts.steps ?? HAN_DEFAULT_STEPS;
  const optimizer = opts.optimizer ?? HAN_DEFAULT_OPTIMIZER;
  const lrShape = opts.lrShape ?? 'constant';
  const stepLrDecay = opts.stepLrDecay ?? 1;
  if (!(stepLrDecay > 0)) throw new HanExperimentError(`stepLrDecay must be > 0; got ${stepLrDecay}`);
  const batchSize = opts.batchSize ?? HAN_DEFAULT_BATCH;
  const weightDecay = opts.weightDecay ?? 0;
  const augment = opts.augment ?? HAN_DEFAULT_AUGMENT;
  const distill = opts.distill === undefined ? HAN_DEFAULT_DISTILL : opts.distill;
  const evalOpts = { signal: opts.signal };
  const masked = await MaskedModel.create(model);
  const names = masked.tensors.map((t) => t.name);
  const levels = hanLevels(names, steps, opts.tensors ?? hiddenTensors(names), opts.layerTargets);
  const dense = await evaluate(model, test, evalOpts);

  const oneShot: CurvePoint[] = [];
  try {
    for (const level of levels) {
      for (const [name, s] of Object.entries(level)) masked.setMask(name, levelMask(masked.dense(name), s));
      await masked.apply();
      oneShot.push({ sparsity: masked.sparsity().total.sparsity, metrics: await evaluate(model, test, evalOpts) });
    }
  } finally {
    masked.resetAll();
    await masked.apply();
  }

  const variables = new Map(model.weights.map((w) => [w.originalName, w.read() as tf.Variable]));
  const prunable = prunableTensors(model).map((t) => ({
    name: t.name,
    variable: variables.get(t.name) as tf.Variable,
  }));
  const masks = new Map<string, Uint8Array>();
  const timeline: TimelineEvent[] = [];
  const iterative: CurvePoint[] = [];
  // the dense model's outputs, before any pruning: log-probabilities stand in for logits
  const teacherLogits = distill ? denseTeacherLogits(model, train.x, batchSize) : undefined;
  let trainer: MaskedTrainer;
  try {
    trainer = new MaskedTrainer(model, {
      optimizer,
      batchSize,
      weightDecay,
      seed: opts.seed,
      augment,
      distill: distill && teacherLogits ? { teacherLogits, ...distill } : undefined,
    });
  } catch (e) {
    teacherLogits?.dispose();
    throw e;
  }
  const record = async (e: Pick<TimelineEvent, 'epoch' | 'kind' | 'revived' | 'trainLoss' | 'rules'>) => {
    const metrics = await evaluate(model, test, evalOpts);
    const sparsity: Record<string, number> = {};
    let zeros = 0;
    let numel = 0;
    for (const t of prunable) {
      const v = await t.variable.data();
      let z = 0;
      for (let i = 0; i < v.length; i++) if (v[i] === 0) z++;
      sparsity[t.name] = z / Math.max(1, v.length);
      zeros += z;
      numel += v.length;
    }
    const event: TimelineEvent = {
      ...e,
      step: timeline.length,
      metrics,
      sparsity,
      totalSparsity: zeros / Math.max(1, numel),
      prunedNonZero: await trainer.countPrunedNonZero(),
    };
    timeline.push(event);
    opts.onEvent?.(event);
    return event;
  };
  try {
    await record({ epoch: 0, kind: 'start', revived: 0 });
    let epoch = 0;
    for (let i = 0; i < steps.length; i++) {
      await opts.gate?.wait(opts.signal);
      if (opts.signal?.aborted) throw new CancelledError();
      for (const [name, s] of Object.entries(levels[i])) {
        const fresh = levelMask((await (variables.get(name) as tf.Variable).data()) as Float32Array, s);
        const old = masks.get(name);
        masks.set(name, old ? andMasks(old, fresh) : fresh);
      }
      trainer.setMasks(masks);
      trainer.applyMasks();
      await record({ epoch, kind: 'prune', revived: 0, rules: [`step_${i + 1}`] });
      const peak = optimizer.lr * stepLrDecay ** i;
      const k = steps[i].epochs;
      let last: TimelineEvent | undefined;
      for (let e = 0; e < k; e++) {
        const learningRate =
          lrShape === 'cosine'
            ? (b: number, batches: number) =>
                Math.max(1e-3 * peak, 0.5 * peak * (1 + Math.cos((Math.PI * (e * batches + b)) / (k * batches))))
            : () => peak;
        const r = await trainer.trainEpoch(train, epoch, {
          learningRate,
          onBatch: opts.onBatch,
          gate: opts.gate,
          signal: opts.signal,
        });
        last = await record({ epoch, kind: 'epoch', revived: r.revivedBeforeRemask, trainLoss: r.loss });
        epoch++;
      }
      const done = last as TimelineEvent;
      if (done.prunedNonZero !== 0)
        throw new TrainingInputError(
          `step ${i + 1}: ${done.prunedNonZero} pruned weights were non-zero after fine-tuning`,
        );
      iterative.push({ sparsity: done.totalSparsity, metrics: done.metrics });
    }
  } finally {
    trainer.dispose();
    teacherLogits?.dispose();
  }
  const final = timeline[timeline.length - 1];
  const lastOneShot = oneShot[oneShot.length - 1];
  return {
    dense,
    finalSparsity: final.totalSparsity,
    oneShot,
    iterative,
    iterativeLoss: dense.top1 - final.metrics.top1,
    oneShotLoss: dense.top1 - lastOneShot.metrics.top1,
    finalPerTensor: final.sparsity,
    timeline,
    options: { steps, optimizer, lrShape, stepLrDecay, batchSize, weightDecay, augment, distill, levels },
  };
}

function denseTeacherLogits(model: tf.LayersModel, x: tf.Tensor, batchSize: number): tf.Tensor {
  const probabilities = detectOutputKind(model) === 'probabilities';
  return tf.tidy(() => {
    const out = model.predict(x, { batchSize: Math.max(batchSize, 256) });
    const y = (Array.isArray(out) ? out[0] : out) as tf.Tensor;
    return probabilities ? tf.log(tf.clipByValue(y, PROBABILITY_FLOOR, 1)) : y;
  });
}

/** A plain-text table of both curves. */
export function hanTable(r: HanExperimentResult): string {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(6);
  const lines = [
    `dense: top-1 ${r.dense.top1.toFixed(2)}%, top-5 ${r.dense.top5.toFixed(2)}%, loss ${r.dense.loss.toFixed(4)}`,
    'sparsity  weights  one-shot top-1  iterative top-1',
  ];
  r.oneShot.forEach((p, i) => {
    const it = r.iterative[i];
    const fewer = (1 / Math.max(1e-9, 1 - p.sparsity)).toFixed(1).padStart(6);
    lines.push(
      `${pct(p.sparsity)}%  ${fewer}x  ${p.metrics.top1.toFixed(2).padStart(13)}%  ${(it ? it.metrics.top1.toFixed(2) : '-').padStart(14)}%`,
    );
  });
  lines.push(
    `final sparsity ${pct(r.finalSparsity).trim()}%: iterative loses ${r.iterativeLoss.toFixed(2)} points, one-shot ${r.oneShotLoss.toFixed(2)} points`,
  );
  return lines.join('\n');
}

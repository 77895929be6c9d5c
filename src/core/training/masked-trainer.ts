// Fine-tuning with masks held fixed, as Distiller does it: every mask is written into its kernel
// at the start of each epoch and after each optimizer step, because momentum, Adam's moments and
// weight decay would otherwise move pruned weights away from zero (Distiller issue #53). Batches
// are gathered on the device from the resident training set, and the per-step figures (loss,
// revived weights) stay there until a readback every READ_EVERY batches.
import * as tf from '@tensorflow/tfjs';
import { CancelledError, detectOutputKind, type OutputKind } from '../eval/evaluate';
import { mulberry32 } from '../pruning';
import { randomShift } from './augment';
import { makeOptimizer } from './make-optimizer';
import { batchLoss, checkedDistill } from './step-loss';
import {
  TrainingInputError,
  type BatchMasking,
  type DistillOptions,
  type EpochHooks,
  type EpochResult,
  type TrainData,
  type TrainerOptions,
} from './trainer-types';
import { ensureWasmConvFilterGradient } from './wasm-conv-filter-grad';
import { ensureWasmTrainingKernels } from './wasm-train-kernels';

export * from './trainer-types';

interface MaskedVariable {
  name: string;
  variable: tf.Variable;
  keep: tf.Tensor;
  pruned: tf.Tensor;
}

const YIELD_EVERY_MS = 25;
/** Steps between two reads of the step figures from the device (each read waits for the device). */
export const READ_EVERY = 8;

interface PendingStep {
  /** [loss, revived, prunedNonZero] on the device */
  stats: tf.Tensor1D;
  batch: number;
  size: number;
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Trains a layers model in place, keeping masked kernel positions at exactly zero. One trainer
 * keeps its optimizer state (momentum, Adam moments) across epochs and mask changes, as one
 * Distiller run does. Call dispose() when done.
 */
export class MaskedTrainer {
  readonly model: tf.LayersModel;
  private readonly optimizer: tf.Optimizer;
  private readonly trainable: tf.Variable[];
  private readonly byName = new Map<string, tf.Variable>();
  private masked: MaskedVariable[] = [];
  private readonly batchSize: number;
  private readonly weightDecay: number;
  private readonly seed: number;
  private readonly outputs: OutputKind;
  private readonly shift: number;
  private readonly distill?: DistillOptions;
  private readonly extraLoss?: () => tf.Scalar;
  private disposed = false;

  constructor(model: tf.LayersModel, opts: TrainerOptions) {
    this.batchSize = opts.batchSize ?? 64;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new TrainingInputError(`batch size must be a positive integer; got ${opts.batchSize}`);
    this.weightDecay = opts.weightDecay ?? 0;
    if (!(this.weightDecay >= 0)) throw new TrainingInputError(`weight decay must be >= 0; got ${opts.weightDecay}`);
    this.seed = opts.seed ?? 0;
    this.outputs = opts.outputs ?? detectOutputKind(model);
    this.shift = opts.augment?.shift ?? 0;
    if (!Number.isInteger(this.shift) || this.shift < 0)
      throw new TrainingInputError(`augment.shift must be an integer >= 0 (pixels); got ${opts.augment?.shift}`);
    this.distill = checkedDistill(opts.distill);
    this.extraLoss = opts.extraLoss;
    this.model = model;
    for (const w of model.weights) this.byName.set(w.originalName, w.read() as tf.Variable);
    this.trainable = model.trainableWeights.map((w) => w.read() as tf.Variable);
    if (this.trainable.length === 0) throw new TrainingInputError('the model has no trainable weights');
    // Convolution kernels need a filter gradient, which tfjs-backend-wasm lacks.
    ensureWasmConvFilterGradient();
    ensureWasmTrainingKernels();
    this.optimizer = makeOptimizer(opts.optimizer);
  }

  /** Changes the optimizer's learning rate from the next step on (its moments and momentum stay). */
  setLearningRate(lr: number): void {
    if (!(lr > 0) || !Number.isFinite(lr))
      throw new TrainingInputError(`learning rate must be a number > 0; got ${lr}`);
    const o = this.optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
    // SGD and momentum keep -lr as a scalar tensor; Adam reads the field at every step
    if (o.setLearningRate) o.setLearningRate(lr);
    else o.learningRate = lr;
  }

  /** Masks by the model's tensor names (1 = keep); tensors not named are trained freely. */
  setMasks(masks: ReadonlyMap<string, Uint8Array>): void {
    this.disposeMasks();
    for (const [name, mask] of masks) {
      const variable = this.byName.get(name);
      if (!variable) throw new TrainingInputError(`mask for "${name}": the model has no weight of that name`);
      if (mask.length !== variable.size) {
        throw new TrainingInputError(
          `mask for "${name}" has ${mask.length} elements; the weight [${variable.shape.join(', ')}] has ` +
            `${variable.size}`,
        );
      }
      const keep = tf.tensor(Float32Array.from(mask), variable.shape, 'float32');
      const pruned = tf.tidy(() => tf.sub(1, keep));
      this.masked.push({ name, variable, keep, pruned });
    }
  }

  /** Writes w ⊙ mask into every masked kernel now. */
  applyMasks(except?: ReadonlySet<string>): void {
    tf.tidy(() => {
      for (const m of this.masked) if (!except?.has(m.name)) m.variable.assign(tf.mul(m.variable, m.keep));
    });
  }

  /** Masked positions whose value is non-zero, read from the model's variables (must be 0 after a step). */
  async countPrunedNonZero(): Promise<number> {
    if (this.masked.length === 0) return 0;
    const count = tf.tidy(() => this.prunedNonZeroNow());
    try {
      return (await count.data())[0];
    } finally {
      count.dispose();
    }
  }

  /** Masked positions holding a non-zero value now, as a device scalar. */
  private prunedNonZeroNow(): tf.Scalar {
    if (this.masked.length === 0) return tf.scalar(0);
    return tf.addN(this.masked.map((m) => tf.sum(tf.mul(tf.notEqual(m.variable, 0).toFloat(), m.pruned)))) as tf.Scalar;
  }

  /**
   * One step; returns [loss, revived, prunedNonZero] still on the device. The weights come in
   * masked (epoch start, last step), and are masked again after the optimizer step; with `premask`
   * (masks changed mid-epoch, mask_on_forward_only, use_double_copies) also before the forward pass.
   */
  private step(
    xb: tf.Tensor,
    yb: tf.Tensor1D,
    teacher?: tf.Tensor,
    masking: BatchMasking = {},
    premask = false,
  ): tf.Tensor1D {
    return tf.tidy(() => {
      const copies = this.masked
        .filter((m) => masking.doubleCopies?.has(m.name))
        .map((m) => ({ m, unmasked: tf.clone(m.variable) }));
      if (premask) this.applyMasks();
      const loss = () => {
        const l = batchLoss(this.model, this.outputs, xb, yb, this.distill, teacher);
        return this.extraLoss ? (tf.add(l, this.extraLoss()) as tf.Scalar) : l;
      };
      const { value, grads } = tf.variableGrads(loss, this.trainable);
      for (const m of this.masked)
        if (masking.maskGradients?.has(m.name) && grads[m.variable.name])
          grads[m.variable.name] = tf.mul(grads[m.variable.name], m.keep);
      // Distiller reverts to the unmasked copy before the optimizer (and its weight decay) runs
      for (const { m, unmasked } of copies) m.variable.assign(unmasked);
      if (this.weightDecay > 0) {
        for (const v of this.trainable) grads[v.name] = tf.add(grads[v.name], tf.mul(v, this.weightDecay));
      }
      this.optimizer.applyGradients(grads);
      const revived = this.prunedNonZeroNow();
      this.applyMasks(masking.forwardOnly); // after the optimizer step, except mask_on_forward_only tensors
      return tf.stack([value, revived, this.prunedNonZeroNow()]) as tf.Tensor1D;
    });
  }

  /** The example order of `epoch`: a seeded Fisher-Yates shuffle. */
  epochOrder(n: number, epoch: number): Int32Array {
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const random = mulberry32((this.seed + epoch) >>> 0);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** One pass over `data` in shuffled batches; pause and cancel take effect between batches. */
  async trainEpoch(data: TrainData, epoch: number, hooks: EpochHooks = {}): Promise<EpochResult> {
    if (this.disposed) throw new TrainingInputError('this trainer was disposed');
    const n = data.x.shape[0];
    if (data.y.rank !== 1 || data.y.shape[0] !== n) {
      throw new TrainingInputError(
        `labels must be a 1-D tensor with one label per example: x has ${n} examples, labels ` +
          `[${data.y.shape.join(', ')}]`,
      );
    }
    if (n === 0) throw new TrainingInputError('the training set is empty');
    const teacher = this.distill?.teacherLogits;
    if (teacher && teacher.shape[0] !== n) {
      throw new TrainingInputError(
        `distill.teacherLogits has ${teacher.shape[0]} rows; the training data has ${n} examples (one row ` +
          `per example expected)`,
      );
    }
    const started = performance.now();
    const order = this.epochOrder(n, epoch);
    // its own stream, so that switching augmentation on leaves the shuffle as it was
    const shiftRandom = mulberry32((Math.imul(this.seed + 1, 0x9e3779b1) ^ (epoch + 0x3c6ef372)) >>> 0);
    const batches = Math.ceil(n / this.batchSize);
    const totals = { lossSum: 0, revived: 0, prunedNonZero: 0 };
    const pending: PendingStep[] = [];
    const flush = () => this.readSteps(pending.splice(0), epoch, batches, totals, hooks);
    const orderOnDevice = tf.tensor1d(order, 'int32');
    let lastYield = performance.now();
    const m = hooks.masking;
    const premask = !!hooks.beforeBatch || !!m?.forwardOnly?.size || !!m?.doubleCopies?.size;
    try {
      // weights written since setMasks start the epoch masked (use_double_copies: after the copy, in step)
      this.applyMasks(m?.doubleCopies);
      for (let b = 0; b < batches; b++) {
        if (hooks.gate?.paused || hooks.signal?.aborted) await flush(); // report every finished step first
        await hooks.gate?.wait(hooks.signal);
        if (hooks.signal?.aborted) throw new CancelledError();
        const start = b * this.batchSize;
        const size = Math.min(this.batchSize, n - start);
        if (hooks.learningRate) this.setLearningRate(hooks.learningRate(b, batches));
        await hooks.beforeBatch?.(b, batches);
        const stats = tf.tidy(() => {
          const idx = tf.slice(orderOnDevice, start, size);
          const raw = tf.gather(data.x, idx);
          const xb = this.shift > 0 ? randomShift(raw, this.shift, shiftRandom) : raw;
          const yRaw = tf.gather(data.y, idx) as tf.Tensor1D;
          const yb = yRaw.dtype === 'int32' ? yRaw : (yRaw.toInt() as tf.Tensor1D);
          return this.step(xb, yb, teacher ? tf.gather(teacher, idx) : undefined, hooks.masking, premask);
        });
        pending.push({ stats, batch: b + 1, size });
        if (pending.length >= READ_EVERY || b === batches - 1) await flush();
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await nextTask(); // lets a pause or cancel message in
          lastYield = performance.now();
        }
      }
    } finally {
      orderOnDevice.dispose();
      for (const p of pending) p.stats.dispose();
    }
    return {
      epoch,
      loss: totals.lossSum / n,
      batches,
      examples: n,
      revivedBeforeRemask: totals.revived,
      prunedNonZero: totals.prunedNonZero,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** Reads the figures of finished steps in one device read and reports them in batch order. */
  private async readSteps(
    steps: PendingStep[],
    epoch: number,
    batches: number,
    totals: { lossSum: number; revived: number; prunedNonZero: number },
    hooks: EpochHooks,
  ): Promise<void> {
    if (steps.length === 0) return;
    const all = tf.tidy(() => tf.concat(steps.map((p) => p.stats)));
    for (const p of steps) p.stats.dispose();
    let values: Float32Array;
    try {
      values = (await all.data()) as Float32Array;
    } finally {
      all.dispose();
    }
    steps.forEach(({ batch, size }, i) => {
      const [loss, revived, after] = values.subarray(3 * i, 3 * i + 3);
      if (!Number.isFinite(loss)) {
        throw new TrainingInputError(
          `the loss became ${loss} at epoch ${epoch}, batch ${batch}: lower the learning rate`,
        );
      }
      totals.lossSum += loss * size;
      totals.revived += revived;
      totals.prunedNonZero = Math.max(totals.prunedNonZero, after);
      hooks.onBatch?.({ epoch, batch, batches, loss, revivedBeforeRemask: revived, prunedNonZero: after });
    });
  }

  private disposeMasks(): void {
    for (const m of this.masked) {
      m.keep.dispose();
      m.pruned.dispose();
    }
    this.masked = [];
  }

  /** Frees the masks and the optimizer's slots (momentum, moments). The model stays. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeMasks();
    this.optimizer.dispose();
    // tfjs 4.22's MomentumOptimizer.dispose forgets the -lr scalar its SGD base class keeps
    const c = (this.optimizer as unknown as { c?: tf.Tensor }).c;
    if (this.optimizer instanceof tf.MomentumOptimizer && c && !c.isDisposed) c.dispose();
  }
}

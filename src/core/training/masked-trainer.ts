// Fine-tuning with masks held fixed, as Distiller does it: every mask is written into its kernel
// before each forward pass and again after each optimizer step, because momentum, Adam's moments
// and weight decay would otherwise move pruned weights away from zero (Distiller issue #53).
import * as tf from '@tensorflow/tfjs';
import { CancelledError, detectOutputKind, PROBABILITY_FLOOR, type OutputKind } from '../eval/evaluate';
import { mulberry32 } from '../pruning';
import { randomShift } from './augment';
import { makeOptimizer } from './make-optimizer';
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

export * from './trainer-types';

interface MaskedVariable {
  name: string;
  variable: tf.Variable;
  keep: tf.Tensor;
  pruned: tf.Tensor;
}

const YIELD_EVERY_MS = 25;

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
    if (opts.distill) {
      const { teacherLogits, temperature, alpha } = opts.distill;
      if (teacherLogits.rank !== 2)
        throw new TrainingInputError(
          `distill.teacherLogits must be 2-D [examples, classes]; got [${teacherLogits.shape.join(', ')}]`,
        );
      if (!(temperature > 0) || !Number.isFinite(temperature))
        throw new TrainingInputError(`distill.temperature must be a number > 0; got ${temperature}`);
      if (!(alpha >= 0 && alpha <= 1)) throw new TrainingInputError(`distill.alpha must be in [0, 1]; got ${alpha}`);
      this.distill = opts.distill;
    }
    this.extraLoss = opts.extraLoss;
    this.model = model;
    for (const w of model.weights) this.byName.set(w.originalName, w.read() as tf.Variable);
    this.trainable = model.trainableWeights.map((w) => w.read() as tf.Variable);
    if (this.trainable.length === 0) throw new TrainingInputError('the model has no trainable weights');
    // Convolution kernels need a filter gradient, which tfjs-backend-wasm lacks.
    ensureWasmConvFilterGradient();
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
  applyMasks(): void {
    tf.tidy(() => {
      for (const m of this.masked) m.variable.assign(tf.mul(m.variable, m.keep));
    });
  }

  /** Masked positions whose value is non-zero, read from the model's variables (must be 0 after a step). */
  async countPrunedNonZero(): Promise<number> {
    if (this.masked.length === 0) return 0;
    const count = tf.tidy(() =>
      tf.addN(this.masked.map((m) => tf.sum(tf.mul(tf.notEqual(m.variable, 0).toFloat(), m.pruned)))),
    );
    try {
      return (await count.data())[0];
    } finally {
      count.dispose();
    }
  }

  private lossOf(xb: tf.Tensor, yb: tf.Tensor1D, teacher?: tf.Tensor): tf.Scalar {
    const out = this.model.apply(xb, { training: true });
    const y = (Array.isArray(out) ? out[0] : out) as tf.Tensor;
    const numClasses = y.shape[1] as number;
    const oneHot = tf.oneHot(yb, numClasses);
    // log-probabilities stand in for logits when the model ends in a softmax
    const logits = this.outputs === 'logits' ? y : tf.log(tf.clipByValue(y, PROBABILITY_FLOOR, 1));
    const hard = (
      this.outputs === 'logits'
        ? tf.losses.softmaxCrossEntropy(oneHot, y)
        : tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logits), 1)))
    ) as tf.Scalar;
    if (!this.distill || !teacher) return hard;
    const { temperature: t, alpha } = this.distill;
    const logPt = tf.logSoftmax(tf.div(teacher, t));
    const logPs = tf.logSoftmax(tf.div(logits, t));
    const kl = tf.mean(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs)), 1));
    // T^2 keeps the soft targets' gradient on the scale of the hard one's (Hinton et al.)
    return tf.add(tf.mul(alpha, hard), tf.mul((1 - alpha) * t * t, kl)) as tf.Scalar;
  }

  /** One step; returns [loss, revived, prunedNonZero] still on the device. */
  private step(xb: tf.Tensor, yb: tf.Tensor1D, teacher?: tf.Tensor, masking: BatchMasking = {}): tf.Tensor1D {
    return tf.tidy(() => {
      const copies = this.masked
        .filter((m) => masking.doubleCopies?.has(m.name))
        .map((m) => ({ m, unmasked: tf.clone(m.variable) }));
      this.applyMasks(); // before the forward pass
      const loss = () => {
        const l = this.lossOf(xb, yb, teacher);
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
      const zero = tf.scalar(0);
      const countPruned = () =>
        this.masked.length === 0
          ? zero
          : tf.addN(this.masked.map((m) => tf.sum(tf.mul(tf.notEqual(m.variable, 0).toFloat(), m.pruned))));
      const revived = countPruned();
      tf.tidy(() => {
        // after the optimizer step, except mask_on_forward_only tensors
        for (const m of this.masked)
          if (!masking.forwardOnly?.has(m.name)) m.variable.assign(tf.mul(m.variable, m.keep));
      });
      const after = countPruned();
      return tf.stack([value, revived, after]) as tf.Tensor1D;
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
    let lossSum = 0;
    let revivedTotal = 0;
    let prunedNonZero = 0;
    let lastYield = performance.now();
    for (let b = 0; b < batches; b++) {
      await hooks.gate?.wait(hooks.signal);
      if (hooks.signal?.aborted) throw new CancelledError();
      const start = b * this.batchSize;
      const size = Math.min(this.batchSize, n - start);
      if (hooks.learningRate) this.setLearningRate(hooks.learningRate(b, batches));
      await hooks.beforeBatch?.(b, batches);
      const stats = tf.tidy(() => {
        const idx = tf.tensor1d(order.subarray(start, start + size), 'int32');
        const raw = tf.gather(data.x, idx);
        const xb = this.shift > 0 ? randomShift(raw, this.shift, shiftRandom) : raw;
        const yRaw = tf.gather(data.y, idx) as tf.Tensor1D;
        const yb = yRaw.dtype === 'int32' ? yRaw : (yRaw.toInt() as tf.Tensor1D);
        return this.step(xb, yb, teacher ? tf.gather(teacher, idx) : undefined, hooks.masking);
      });
      let loss: number, revived: number, after: number;
      try {
        [loss, revived, after] = await stats.data();
      } finally {
        stats.dispose();
      }
      if (!Number.isFinite(loss)) {
        throw new TrainingInputError(
          `the loss became ${loss} at epoch ${epoch}, batch ${b + 1}: lower the learning rate`,
        );
      }
      lossSum += loss * size;
      revivedTotal += revived;
      prunedNonZero = Math.max(prunedNonZero, after);
      hooks.onBatch?.({ epoch, batch: b + 1, batches, loss, revivedBeforeRemask: revived, prunedNonZero: after });
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await nextTask(); // lets a pause or cancel message in
        lastYield = performance.now();
      }
    }
    return {
      epoch,
      loss: lossSum / n,
      batches,
      examples: n,
      revivedBeforeRemask: revivedTotal,
      prunedNonZero,
      seconds: (performance.now() - started) / 1000,
    };
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

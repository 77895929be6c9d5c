// Batched evaluation of a classifier on a dataset resident on the device.
// Per-batch statistics are summed on the device and read back once, so a whole
// evaluation costs one GPU->CPU sync however many batches it has.
import * as tf from '@tensorflow/tfjs';
import type { Metrics } from '../types';

/** Inputs and int32 class labels, already uploaded to the active backend. */
export interface EvalData {
  x: tf.Tensor;
  y: tf.Tensor1D;
}

/** What the model's (first) output holds: raw scores, or softmax probabilities. */
export type OutputKind = 'logits' | 'probabilities';

/** Anything that maps a batch of inputs to outputs: a tf.LayersModel, or a model engine. */
export interface Predictor {
  predict(x: tf.Tensor, args?: { batchSize?: number }): tf.Tensor | tf.Tensor[];
  /** an asynchronous forward pass (model engines: onnxruntime runs asynchronously); preferred when present */
  forward?(x: tf.Tensor): Promise<tf.Tensor>;
}

/** The first output for one batch, through the asynchronous forward pass when the predictor has one. */
async function forwardBatch(model: Predictor, xb: tf.Tensor, size: number): Promise<tf.Tensor> {
  if (model.forward) return model.forward(xb);
  return tf.tidy(() => firstOutput(model.predict(xb, { batchSize: size })));
}

function isLayersModel(model: Predictor): model is tf.LayersModel {
  return model instanceof tf.LayersModel;
}

export interface EvaluateOptions {
  /** Examples per forward pass (default 1000). */
  batchSize?: number;
  /** Overrides detectOutputKind(model). */
  outputs?: OutputKind;
  /** Called after every batch with the number of examples done so far. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export const DEFAULT_EVAL_BATCH = 1000;
/** Probabilities are clipped to [PROBABILITY_FLOOR, 1] before the log, as Keras does (epsilon 1e-7). */
export const PROBABILITY_FLOOR = 1e-7;

/** Thrown when an AbortSignal stops a long computation; `name` is 'AbortError' like fetch's. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

/** Raised when data and model do not fit together (shapes, label range). */
export class EvaluationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationInputError';
  }
}

/**
 * 'probabilities' when the model's output layer ends in softmax (Dense/Conv with
 * activation 'softmax', an Activation('softmax') or a Softmax layer), else 'logits'.
 */
export function detectOutputKind(model: tf.LayersModel): OutputKind {
  const out = model.outputs[0];
  const layer = out?.sourceLayer ?? model.layers[model.layers.length - 1];
  if (!layer) return 'logits';
  if (layer.getClassName() === 'Softmax') return 'probabilities';
  const activation = (layer.getConfig() as { activation?: unknown }).activation;
  return activation === 'softmax' ? 'probabilities' : 'logits';
}

function firstOutput(y: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(y) ? y[0] : y;
}

/** Lets pending events (a cancel message, a progress repaint) run between batches. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

function checkData(data: EvalData, batchSize: number): number {
  const n = data.x.shape[0];
  if (data.y.rank !== 1 || data.y.shape[0] !== n) {
    throw new EvaluationInputError(
      `labels must be a 1-D tensor with one label per example: x has ${n} examples, labels have shape ` +
        `[${data.y.shape.join(', ')}]`,
    );
  }
  if (n === 0) throw new EvaluationInputError('the dataset to evaluate is empty');
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new EvaluationInputError(`batch size must be a positive integer, got ${batchSize}`);
  }
  return n;
}

/**
 * top1/top5 (percent) and mean cross-entropy (nats) of `model` on `data`.
 *
 * Top-k uses k = min(5, numClasses). A prediction is "top-k correct" when the label is among
 * the indices tf.topk returns; with tied scores tf.topk (cpu and wasm) lists the lower class
 * index first, so a tie straddling rank k counts for the lower index only — the same rule as
 * top-1 with argmax.
 */
export async function evaluate(model: Predictor, data: EvalData, opts: EvaluateOptions = {}): Promise<Metrics> {
  const batchSize = opts.batchSize ?? DEFAULT_EVAL_BATCH;
  const n = checkData(data, batchSize);
  const kind = opts.outputs ?? (isLayersModel(model) ? detectOutputKind(model) : 'logits');
  let numClasses = 0;

  // Running sums: [top-1 hits, top-k hits, loss sum, labels out of range].
  let sums: tf.Tensor1D = tf.zeros([4]);
  try {
    throwIfAborted(opts.signal);
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const xb = data.x.slice(start, size);
      let out: tf.Tensor;
      try {
        out = await forwardBatch(model, xb, size);
      } finally {
        xb.dispose();
      }
      let next: tf.Tensor1D;
      try {
        next = tf.tidy(() => {
          const yRaw = data.y.slice(start, size);
          const yb = yRaw.dtype === 'int32' ? yRaw : yRaw.toInt();
          if (out.rank !== 2 || out.shape[0] !== size) {
            throw new EvaluationInputError(
              `model output must be [batch, classes]; got [${out.shape.join(', ')}] for a batch of ${size}`,
            );
          }
          numClasses = out.shape[1] as number;
          const k = Math.min(5, numClasses);
          const logProbs = kind === 'logits' ? tf.logSoftmax(out) : tf.log(tf.clipByValue(out, PROBABILITY_FLOOR, 1));
          const { indices } = tf.topk(out, k, true);
          const hits = tf.equal(indices, yb.expandDims(1));
          const top1 = hits.slice([0, 0], [size, 1]).sum();
          const topk = hits.any(1).sum();
          // Out-of-range labels would silently give a zero one-hot row: count them and refuse below.
          const badLabels = tf.logicalOr(tf.less(yb, 0), tf.greaterEqual(yb, numClasses)).sum();
          const lossSum = tf.neg(tf.sum(tf.mul(logProbs, tf.oneHot(yb, numClasses))));
          const batchStats = tf.stack([top1.toFloat(), topk.toFloat(), lossSum, badLabels.toFloat()]) as tf.Tensor1D;
          return tf.add(sums, batchStats) as tf.Tensor1D;
        });
      } finally {
        out.dispose();
      }
      sums.dispose();
      sums = next;
      opts.onProgress?.(start + size, n);
      await nextTask();
      throwIfAborted(opts.signal);
    }
    const [top1, topk, lossSum, badLabels] = await sums.data();
    if (badLabels > 0) {
      throw new EvaluationInputError(
        `${badLabels} label(s) are outside 0..${numClasses - 1}: the model has ${numClasses} outputs`,
      );
    }
    return { top1: (100 * top1) / n, top5: (100 * topk) / n, loss: lossSum / n, n };
  } finally {
    sums.dispose();
  }
}

/** The model's first output for every example, flattened row-major (for comparing backends). */
export async function predictLogits(
  model: Predictor,
  x: tf.Tensor,
  batchSize = DEFAULT_EVAL_BATCH,
): Promise<Float32Array> {
  const n = x.shape[0];
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new EvaluationInputError(`batch size must be a positive integer, got ${batchSize}`);
  }
  const parts: tf.Tensor[] = [];
  try {
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      parts.push(tf.tidy(() => firstOutput(model.predict(x.slice(start, size), { batchSize: size }))));
    }
    if (parts.length === 0) return new Float32Array(0);
    const all = parts.length === 1 ? parts[0] : tf.concat(parts, 0);
    try {
      return Float32Array.from(await all.data());
    } finally {
      if (parts.length > 1) all.dispose();
    }
  } finally {
    for (const p of parts) p.dispose();
  }
}

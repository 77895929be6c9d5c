// Batched evaluation of a classifier on a dataset resident on the device.
// Per-batch statistics are summed on the device and read back once, so a whole
// evaluation costs one GPU->CPU sync however many batches it has.
import * as tf from '@tensorflow/tfjs';
import type { Metrics } from '../types';
import { batchStatistics, STAT, STAT_COUNT } from './batch-statistics';
import { CancelledError, EvaluationInputError, type OutputKind } from './eval-errors';

export { CancelledError, EvaluationInputError, PROBABILITY_FLOOR, type OutputKind } from './eval-errors';

/**
 * Inputs and int32 class labels, already uploaded to the active backend. Label-free measurement
 * passes the dense model's top-1 classes as `y` and its log-probabilities as `reference`.
 */
export interface EvalData {
  x: tf.Tensor;
  y: tf.Tensor1D;
  /** the dense model's log-probabilities [examples, classes]: the figures are then agreement with it, and KL */
  reference?: tf.Tensor2D;
}

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
  if (data.reference && data.reference.shape[0] !== n) {
    throw new EvaluationInputError(
      `the dense reference has ${data.reference.shape[0]} rows; the data has ${n} examples (one row each)`,
    );
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new EvaluationInputError(`batch size must be a positive integer, got ${batchSize}`);
  }
  return n;
}

/**
 * top1/top5 (percent) and mean cross-entropy (nats) of `model` on `data`. With `data.reference`
 * (label-free): top1 = top-1 agreement with the dense model, top5 = the dense top-1 class within the
 * top-5, loss = cross-entropy against the dense top-1 class, and `kl` = mean KL(dense || model).
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

  const reference = data.reference;
  let sums: tf.Tensor1D = tf.zeros([STAT_COUNT]);
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
        numClasses = out.rank === 2 ? (out.shape[1] as number) : 0;
        next = tf.tidy(() => {
          const refB = reference?.slice([start, 0], [size, -1]);
          return tf.add(sums, batchStatistics(out, data.y.slice(start, size), kind, refB)) as tf.Tensor1D;
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
    const stats = await sums.data();
    if (stats[STAT.badLabels] > 0) {
      throw new EvaluationInputError(
        `${stats[STAT.badLabels]} label(s) are outside 0..${numClasses - 1}: the model has ${numClasses} outputs`,
      );
    }
    const metrics: Metrics = {
      top1: (100 * stats[STAT.top1]) / n,
      top5: (100 * stats[STAT.topk]) / n,
      loss: stats[STAT.loss] / n,
      n,
    };
    return reference ? { ...metrics, measure: 'agreement', kl: stats[STAT.kl] / n } : metrics;
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

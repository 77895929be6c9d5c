// Evaluation of a set larger than the device budget: its examples are mapped and uploaded a chunk
// at a time (no whole-dataset tensor), and the per-chunk sums are combined. Without labels, the
// dense model's outputs are taken the same way, once, and kept (examples x classes floats).
import * as tf from '@tensorflow/tfjs';
import { agreementData, denseReferenceOf, type DenseReference } from '../eval/agreement';
import { CancelledError, DEFAULT_EVAL_BATCH, evaluate, type EvaluateOptions } from '../eval/evaluate';
import type { ModelEngine } from '../engine/model-engine';
import type { LabelledImages, Metrics } from '../types';
import type { DataFeed } from './data-feed';

/** Model-input bytes (float32) of one uploaded chunk: 64 MiB (5,461 images of 32×32×3, 334 of 224×224×3). */
export const STREAM_CHUNK_BYTES = 64 * 2 ** 20;

/** Model-input bytes of one forward pass: 32 MiB (1,000 images of 32×32×3 at most, 55 of 224×224×3). */
export const EVAL_BATCH_BYTES = 32 * 2 ** 20;

/** Examples per forward pass for inputs of `exampleBytes` (float32): at most 1,000, within EVAL_BATCH_BYTES. */
export function batchSizeFor(exampleBytes: number): number {
  return Math.max(1, Math.min(DEFAULT_EVAL_BATCH, Math.floor(EVAL_BATCH_BYTES / Math.max(exampleBytes, 1))));
}

/** The examples evaluated in chunks: which ones, and how they become model input. */
export interface StreamedSet {
  images: LabelledImages;
  feed: DataFeed;
  indices: Int32Array;
  /** false: measured against the dense model */
  labelsFit: boolean;
}

/** The examples' indices cut into chunks of at most `chunkBytes` of model input. */
export function chunksOf(set: StreamedSet, chunkBytes = STREAM_CHUNK_BYTES): Int32Array[] {
  const per = Math.max(1, Math.floor(chunkBytes / Math.max(set.feed.exampleBytes, 1)));
  const chunks: Int32Array[] = [];
  for (let s = 0; s < set.indices.length; s += per) chunks.push(set.indices.subarray(s, s + per));
  return chunks;
}

/** The dense model's outputs on every example of the set (call with the dense weights in place). */
export async function streamedReference(
  engine: ModelEngine,
  set: StreamedSet,
  signal?: AbortSignal,
  chunkBytes = STREAM_CHUNK_BYTES,
): Promise<DenseReference> {
  const parts: DenseReference[] = [];
  try {
    for (const chunk of chunksOf(set, chunkBytes)) {
      if (signal?.aborted) throw new CancelledError();
      const x = set.feed.x(set.images, chunk);
      try {
        const batchSize = batchSizeFor(set.feed.exampleBytes);
        parts.push(await denseReferenceOf(engine, x, engine.outputs, { signal, batchSize }));
      } finally {
        x.dispose();
      }
    }
    return {
      labels: tf.concat(parts.map((p) => p.labels)) as tf.Tensor1D,
      logProbs: tf.concat(parts.map((p) => p.logProbs)) as tf.Tensor2D,
    };
  } finally {
    for (const p of parts) tf.dispose([p.labels, p.logProbs]);
  }
}

/** The metrics of the whole set, evaluated chunk by chunk; `reference` when it is measured label-free. */
export async function evaluateStreamed(
  engine: ModelEngine,
  set: StreamedSet,
  reference: DenseReference | null,
  opts: EvaluateOptions = {},
  chunkBytes = STREAM_CHUNK_BYTES,
): Promise<Metrics> {
  if (!set.labelsFit && !reference) throw new Error('label-free data is measured only against the dense reference');
  const total = set.indices.length;
  const sums = { top1: 0, top5: 0, loss: 0, kl: 0 };
  let done = 0;
  for (const chunk of chunksOf(set, chunkBytes)) {
    const x = set.feed.x(set.images, chunk);
    const part = reference
      ? tf.tidy(() => ({
          labels: reference.labels.slice(done, chunk.length),
          logProbs: reference.logProbs.slice([done, 0], [chunk.length, -1]),
        }))
      : null;
    const y = part ? null : set.feed.y(set.images, chunk);
    try {
      const m = await evaluate(engine, part ? agreementData(x, part) : { x, y: y! }, {
        batchSize: batchSizeFor(set.feed.exampleBytes),
        ...opts,
        outputs: engine.outputs,
        onProgress: (d) => opts.onProgress?.(done + d, total),
      });
      sums.top1 += m.top1 * m.n;
      sums.top5 += m.top5 * m.n;
      sums.loss += m.loss * m.n;
      sums.kl += (m.kl ?? 0) * m.n;
    } finally {
      tf.dispose([x, ...(y ? [y] : []), ...(part ? [part.labels, part.logProbs] : [])]);
    }
    done += chunk.length;
  }
  const metrics: Metrics = { top1: sums.top1 / total, top5: sums.top5 / total, loss: sums.loss / total, n: total };
  return reference ? { ...metrics, measure: 'agreement', kl: sums.kl / total } : metrics;
}

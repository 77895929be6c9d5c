// The evaluation images on the device: uploaded once per model feed and settings, with the
// class-balanced quick subset gathered from them. The uploaded set is bounded by a memory budget:
// a larger dataset is evaluated on a class-balanced subset that fits it.
import * as tf from '@tensorflow/tfjs';
import { stratifiedSubset } from '../data/dataset-tensors';
import type { LabelledImages } from '../types';
import type { DataFeed } from './data-feed';
import type { EvalSettings } from './types';

/** Model-input bytes (float32) the evaluation set may take on the device: 256 MiB. */
export const EVAL_BUDGET_BYTES = 256 * 2 ** 20;

/** Which examples are evaluated: the first `limit` (or all), or a class-balanced subset when over budget. */
export function evaluationIndices(
  images: LabelledImages,
  exampleBytes: number,
  limit: number | null,
  budget = EVAL_BUDGET_BYTES,
): { indices: Int32Array; capped: boolean } {
  const wanted = Math.min(limit ?? images.n, images.n);
  const fit = Math.max(1, Math.floor(budget / Math.max(exampleBytes, 1)));
  if (wanted <= fit) return { indices: Int32Array.from({ length: wanted }, (_, i) => i), capped: false };
  return { indices: stratifiedSubset(images.labels.subarray(0, wanted), fit), capped: true };
}

export class ResidentData {
  private constructor(
    private readonly labels: Uint8Array,
    readonly x: tf.Tensor,
    readonly y: tf.Tensor1D,
    public quickX: tf.Tensor,
    public quickY: tf.Tensor1D,
    /** false when the images fit the model's input but the labels not its outputs (label-free work only) */
    readonly labelsFit: boolean,
    /** set when the dataset was larger than the budget: how many examples it had */
    readonly cappedFrom: number | null,
  ) {}

  static upload(
    images: LabelledImages,
    feed: DataFeed,
    settings: EvalSettings,
    quickImages: number,
    budget = EVAL_BUDGET_BYTES,
  ): ResidentData {
    const { indices, capped } = evaluationIndices(images, feed.exampleBytes, settings.limit, budget);
    const x = feed.x(images, indices);
    const labelsFit = feed.fit.fits;
    const y = labelsFit ? feed.y(images, indices) : (tf.zeros([indices.length], 'int32') as tf.Tensor1D);
    const labels = Uint8Array.from(indices, (i) => images.labels[i]);
    const [quickX, quickY] = gatherQuick(labels, x, y, quickImages);
    return new ResidentData(labels, x, y, quickX, quickY, labelsFit, capped ? images.n : null);
  }

  get n(): number {
    return this.x.shape[0];
  }

  get quickN(): number {
    return this.quickX.shape[0];
  }

  /** Regathers the quick subset with `count` images (no-op when it has that many already). */
  resizeQuick(count: number): void {
    if (Math.min(count, this.n) === this.quickN) return;
    tf.dispose([this.quickX, this.quickY]);
    [this.quickX, this.quickY] = gatherQuick(this.labels, this.x, this.y, count);
  }

  dispose(): void {
    tf.dispose([this.x, this.y, this.quickX, this.quickY]);
  }
}

function gatherQuick(labels: Uint8Array, x: tf.Tensor, y: tf.Tensor1D, count: number): [tf.Tensor, tf.Tensor1D] {
  const n = x.shape[0];
  const idx = stratifiedSubset(labels.subarray(0, n), Math.min(count, n));
  return tf.tidy(() => {
    const idxT = tf.tensor1d(idx, 'int32');
    return [tf.gather(x, idxT), tf.gather(y, idxT) as tf.Tensor1D];
  });
}

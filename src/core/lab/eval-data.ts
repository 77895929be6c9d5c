// The evaluation images on the device: uploaded once per model feed and settings, with the
// class-balanced quick subset gathered from them. The uploaded set is bounded by a memory budget:
// a larger dataset is evaluated on a class-balanced subset that fits it.
import * as tf from '@tensorflow/tfjs';
import { stratifiedSubset } from '../data/dataset-tensors';
import { agreementData, disposeReference, gatherReference, type DenseReference } from '../eval/agreement';
import { evaluate, type EvalData, type EvaluateOptions } from '../eval/evaluate';
import type { ModelEngine } from '../engine/model-engine';
import type { LabelledImages, Metrics } from '../types';
import { batchSizeFor, evaluateStreamed, type StreamedSet } from './streamed-eval';
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
  /** label-free: the dense model's outputs on x, on the quick subset and on a streamed set (null until measured) */
  private dense: { full: DenseReference; quick: DenseReference; streamed: DenseReference | null } | null = null;

  private constructor(
    private readonly labels: Uint8Array,
    readonly x: tf.Tensor,
    readonly y: tf.Tensor1D,
    public quickX: tf.Tensor,
    public quickY: tf.Tensor1D,
    private quickIndices: tf.Tensor1D,
    /** false when the images fit the model's input but the labels not its outputs (label-free work only) */
    readonly labelsFit: boolean,
    /** set when the dataset was larger than the budget: how many examples it had */
    readonly cappedFrom: number | null,
    /** every evaluation example, evaluated in chunks when they are over the budget (null: x holds them all) */
    readonly streamed: StreamedSet | null,
    /** positions of x's examples in the streamed set */
    private readonly residentIndices: Int32Array,
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
    const quick = gatherQuick(labels, x, y, quickImages);
    const wanted = Math.min(settings.limit ?? images.n, images.n);
    const streamed = capped
      ? { images, feed, labelsFit, indices: Int32Array.from({ length: wanted }, (_, i) => i) }
      : null;
    return new ResidentData(labels, x, y, ...quick, labelsFit, capped ? wanted : null, streamed, indices);
  }

  get n(): number {
    return this.x.shape[0];
  }

  get quickN(): number {
    return this.quickX.shape[0];
  }

  /** 'labels' when the labels fit the model, else 'agreement' with the dense model. */
  get measure(): 'labels' | 'agreement' {
    return this.labelsFit ? 'labels' : 'agreement';
  }

  /** Label-free data needs the dense model's outputs before it can be measured. */
  get needsReference(): boolean {
    return !this.labelsFit && this.dense === null;
  }

  /**
   * Keeps the dense model's outputs (taken by the caller with the dense weights in place): on x, or
   * on every example of the streamed set (x's rows are gathered from it).
   */
  setReference(reference: DenseReference): void {
    this.clearReference();
    let full = reference;
    if (this.streamed) {
      const at = tf.tensor1d(this.residentIndices, 'int32');
      full = gatherReference(reference, at);
      at.dispose();
    }
    const streamed = this.streamed ? reference : null;
    this.dense = { full, quick: gatherReference(full, this.quickIndices), streamed };
  }

  /** The examples the dense reference is taken on: every streamed one, else x. */
  referenceInputs(): { x: tf.Tensor } | { streamed: StreamedSet } {
    return this.streamed ? { streamed: this.streamed } : { x: this.x };
  }

  /** Evaluates the full set (chunk by chunk when it is streamed) or the quick subset. */
  evaluate(engine: ModelEngine, part: 'full' | 'quick', opts: EvaluateOptions): Promise<Metrics> {
    if (part === 'full' && this.streamed)
      return evaluateStreamed(engine, this.streamed, this.dense?.streamed ?? null, opts);
    const batchSize = batchSizeFor((4 * this.x.size) / Math.max(this.n, 1));
    return evaluate(engine, part === 'full' ? this.full() : this.quick(), {
      batchSize,
      ...opts,
      outputs: engine.outputs,
    });
  }

  /** The dense weights changed (a fine-tuning run): the reference is measured again when next needed. */
  clearReference(): void {
    if (this.dense) for (const r of [this.dense.full, this.dense.quick, this.dense.streamed]) disposeReference(r);
    this.dense = null;
  }

  /** The full evaluation set as `evaluate` takes it (label-free: against the dense reference). */
  full(): EvalData {
    return this.evalData(this.x, this.y, 'full');
  }

  /** The class-balanced quick subset as `evaluate` takes it. */
  quick(): EvalData {
    return this.evalData(this.quickX, this.quickY, 'quick');
  }

  /** Regathers the quick subset with `count` images (no-op when it has that many already). */
  resizeQuick(count: number): void {
    if (Math.min(count, this.n) === this.quickN) return;
    tf.dispose([this.quickX, this.quickY, this.quickIndices]);
    [this.quickX, this.quickY, this.quickIndices] = gatherQuick(this.labels, this.x, this.y, count);
    if (this.dense) {
      disposeReference(this.dense.quick);
      this.dense.quick = gatherReference(this.dense.full, this.quickIndices);
    }
  }

  dispose(): void {
    this.clearReference();
    tf.dispose([this.x, this.y, this.quickX, this.quickY, this.quickIndices]);
  }

  private evalData(x: tf.Tensor, y: tf.Tensor1D, part: 'full' | 'quick'): EvalData {
    if (this.labelsFit) return { x, y };
    if (!this.dense) throw new Error('label-free data is measured only after the dense reference is taken');
    return agreementData(x, this.dense[part]);
  }
}

function gatherQuick(
  labels: Uint8Array,
  x: tf.Tensor,
  y: tf.Tensor1D,
  count: number,
): [tf.Tensor, tf.Tensor1D, tf.Tensor1D] {
  const n = x.shape[0];
  const idx = stratifiedSubset(labels.subarray(0, n), Math.min(count, n));
  return tf.tidy(() => {
    const idxT = tf.tensor1d(idx, 'int32');
    // every example: clones share x's data (no second copy of a 256 MiB set)
    if (idx.length === n) return [x.clone(), y.clone(), tf.keep(idxT)];
    return [tf.gather(x, idxT), tf.gather(y, idxT) as tf.Tensor1D, tf.keep(idxT)];
  });
}

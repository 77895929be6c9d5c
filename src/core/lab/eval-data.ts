// The evaluation images on the device: uploaded once per model layout and settings, with the
// class-balanced quick subset gathered from them.
import * as tf from '@tensorflow/tfjs';
import { stratifiedSubset, toInputTensor, toLabelTensor } from '../dataset-tensors';
import type { InputLayout } from '../model-introspect';
import type { LabelledImages } from '../types';
import type { EvalSettings } from './types';

export class ResidentData {
  private constructor(
    private readonly images: LabelledImages,
    readonly x: tf.Tensor,
    readonly y: tf.Tensor1D,
    public quickX: tf.Tensor,
    public quickY: tf.Tensor1D,
    /** false when the images fit the model's input but the labels not its outputs (label-free work only) */
    readonly labelsFit: boolean,
  ) {}

  static upload(
    images: LabelledImages,
    layout: InputLayout,
    settings: EvalSettings,
    quickImages: number,
    labelsFit: boolean,
  ): ResidentData {
    const count = Math.min(settings.limit ?? images.n, images.n);
    const range = { start: 0, count };
    const x = toInputTensor(images, layout, settings.scaling, range);
    const y = toLabelTensor(images, range);
    const [quickX, quickY] = gatherQuick(images, x, y, quickImages);
    return new ResidentData(images, x, y, quickX, quickY, labelsFit);
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
    [this.quickX, this.quickY] = gatherQuick(this.images, this.x, this.y, count);
  }

  dispose(): void {
    tf.dispose([this.x, this.y, this.quickX, this.quickY]);
  }
}

function gatherQuick(images: LabelledImages, x: tf.Tensor, y: tf.Tensor1D, count: number): [tf.Tensor, tf.Tensor1D] {
  const n = x.shape[0];
  const idx = stratifiedSubset(images.labels.subarray(0, n), Math.min(count, n));
  return tf.tidy(() => {
    const idxT = tf.tensor1d(idx, 'int32');
    return [tf.gather(x, idxT), tf.gather(y, idxT) as tf.Tensor1D];
  });
}

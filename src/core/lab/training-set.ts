// The training images, read from the loader only when a run needs them and uploaded once per input
// layout and scaling.
import * as tf from '@tensorflow/tfjs';
import { toInputTensor, toLabelTensor } from '../data/dataset-tensors';
import type { ModelEngine } from '../engine/model-engine';
import type { InputScaling, LabelledImages } from '../types';
import type { DataLoader } from './data-loader';

export class TrainingSet {
  private images: LabelledImages | null = null;
  private held: { key: string; x: tf.Tensor; y: tf.Tensor1D } | null = null;

  /** The training tensors in the layout `engine` takes, scaled by `scaling`. */
  async tensors(
    loader: DataLoader,
    engine: ModelEngine,
    layout: string,
    scaling: InputScaling,
  ): Promise<{ x: tf.Tensor; y: tf.Tensor1D }> {
    const key = `${layout}|${JSON.stringify(scaling)}`;
    if (this.held && this.held.key === key) return this.held;
    this.images ??= await loader.train();
    const fit = engine.inputFit(this.images);
    if (!fit.fits) throw new Error(`the training data does not fit the model: ${fit.reason}`);
    this.dispose();
    this.held = { key, x: toInputTensor(this.images, fit.layout, scaling), y: toLabelTensor(this.images) };
    return this.held;
  }

  /** A new loader: the images are read again when next needed. */
  forgetImages(): void {
    this.images = null;
    this.dispose();
  }

  /** Frees the tensors; the images stay for the next upload. */
  dispose(): void {
    if (this.held) tf.dispose([this.held.x, this.held.y]);
    this.held = null;
  }
}

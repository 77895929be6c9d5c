// The training images, read from the loader only when a run needs them and uploaded once per feed
// (input layout or mapping, and scaling).
import * as tf from '@tensorflow/tfjs';
import type { LabelledImages } from '../types';
import type { DataFeed } from './data-feed';
import type { DataLoader } from './data-loader';

export class TrainingSet {
  private images: LabelledImages | null = null;
  private held: { key: string; x: tf.Tensor; y: tf.Tensor1D } | null = null;

  /** The training tensors through `feed` (the same one the evaluation data goes through). */
  async tensors(
    loader: DataLoader,
    feed: (images: LabelledImages) => DataFeed,
    key: string,
  ): Promise<{ x: tf.Tensor; y: tf.Tensor1D }> {
    if (this.held && this.held.key === key) return this.held;
    this.images ??= await loader.train();
    const f = feed(this.images);
    if (!f.fit.fits) throw new Error(`the training data does not fit the model: ${f.fit.reason}`);
    this.dispose();
    const all = Int32Array.from({ length: this.images.n }, (_, i) => i);
    this.held = { key, x: f.x(this.images, all), y: f.y(this.images, all) };
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

// The sample grid of the input-mapping step: a few class-balanced examples as the user stored them,
// with their label, the model output it maps to, and the model's top-1 prediction through the
// mapping in force (under the current masks), so a wrong mapping shows at once.
import * as tf from '@tensorflow/tfjs';
import { stratifiedSubset } from '../data/dataset-tensors';
import { thumbnailOf, type Thumbnail } from '../data/thumbnail';
import type { LabelledImages } from '../types';
import type { DataFeed } from './data-feed';
import type { LoadedModel } from './lab-context';

export interface SampleView extends Thumbnail {
  /** the example's index in the data */
  index: number;
  /** the example's class in the data (null: the data has no labels) */
  label: number | null;
  labelName: string | null;
  /** the model output the label maps to (the label map, else the same index) */
  target: number | null;
  /** the model's top-1 output through the mapping (null when the inputs do not fit the model) */
  predicted: number | null;
}

/** Up to `count` examples (class-balanced) with their labels and the model's predictions. */
export async function sampleViews(
  { engine }: LoadedModel,
  images: LabelledImages,
  feed: DataFeed | null,
  count: number,
): Promise<SampleView[]> {
  const labelled = images.labelled !== false;
  const indices = labelled
    ? stratifiedSubset(images.labels, Math.min(count, images.n))
    : Int32Array.from({ length: Math.min(count, images.n) }, (_, i) => i);
  let predicted: Int32Array | null = null;
  if (feed?.inputsFit && indices.length) {
    const x = feed.x(images, indices);
    try {
      const out = await engine.forward(x);
      const top = tf.tidy(() => tf.topk(out, 1, true).indices.reshape([-1]));
      out.dispose();
      predicted = (await top.data()) as Int32Array;
      top.dispose();
    } finally {
      x.dispose();
    }
  }
  const labelMap = feed?.mapping?.labelMap ?? null;
  return Array.from(indices, (i, k) => {
    const label = labelled ? images.labels[i] : null;
    return {
      ...thumbnailOf(images, i),
      index: i,
      label,
      labelName: label === null ? null : (images.classNames?.[label] ?? null),
      target: label === null ? null : (labelMap?.[label] ?? label),
      predicted: predicted ? predicted[k] : null,
    };
  });
}

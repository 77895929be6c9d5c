// Turning raw uint8 images into model input tensors, and picking class-balanced subsets
// for quick estimates.
import * as tf from '@tensorflow/tfjs';
import type { InputLayout } from '../engine/tfjs-layers/model-introspect';
import type { InputScaling, LabelledImages } from '../types';
import { mulberry32 } from '../pruning/random';

export interface ExampleRange {
  start: number;
  count: number;
}

function checkRange(images: LabelledImages, range?: ExampleRange): ExampleRange {
  const r = range ?? { start: 0, count: images.n };
  if (
    !Number.isInteger(r.start) ||
    !Number.isInteger(r.count) ||
    r.start < 0 ||
    r.count < 0 ||
    r.start + r.count > images.n
  ) {
    throw new RangeError(
      `example range [${r.start}, ${r.start + r.count}) is outside the dataset's ${images.n} examples`,
    );
  }
  return r;
}

/** The float32 value each of the 256 pixel values maps to (computed in double, rounded once). */
export function scalingTable(scaling: InputScaling): Float32Array {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) {
    if (scaling.kind === 'unit') table[v] = v / 255;
    else if (scaling.kind === 'symmetric') table[v] = v / 127.5 - 1;
    else table[v] = (v / 255 - scaling.mean) / scaling.std;
  }
  return table;
}

/**
 * Model input for examples [start, start+count): [count, rows, cols, 1] ('image'),
 * [count, 1, rows, cols] ('image-nchw'), [count, rows, cols] ('plane') or [count, rows*cols] ('flat'), float32.
 */
export function toInputTensor(
  images: LabelledImages,
  layout: InputLayout,
  scaling: InputScaling,
  range?: ExampleRange,
): tf.Tensor {
  if (scaling.kind === 'standard' && !(scaling.std > 0)) {
    throw new RangeError(`input scaling "standard" needs std > 0, got ${scaling.std}`);
  }
  const { start, count } = checkRange(images, range);
  const pixelsPer = images.rows * images.cols;
  const table = scalingTable(scaling);
  const values = new Float32Array(count * pixelsPer);
  const offset = start * pixelsPer;
  for (let i = 0; i < values.length; i++) values[i] = table[images.pixels[offset + i]];
  const shape =
    layout === 'image'
      ? [count, images.rows, images.cols, 1]
      : layout === 'image-nchw'
        ? [count, 1, images.rows, images.cols]
        : layout === 'plane'
          ? [count, images.rows, images.cols]
          : [count, pixelsPer];
  return tf.tensor(values, shape, 'float32');
}

/** Labels of examples [start, start+count) as an int32 1-D tensor. */
export function toLabelTensor(images: LabelledImages, range?: ExampleRange): tf.Tensor1D {
  const { start, count } = checkRange(images, range);
  return tf.tensor1d(Int32Array.from(images.labels.subarray(start, start + count)), 'int32');
}

/**
 * `count` example indices, as class-balanced as the data allows (per-class counts differ by at
 * most one unless a class runs out), chosen at random with `seed`, returned in ascending order.
 * count >= labels.length returns every index.
 */
export function stratifiedSubset(labels: Uint8Array, count: number, seed = 0): Int32Array {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`subset size must be a non-negative integer, got ${count}`);
  const n = labels.length;
  if (count >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  const random = mulberry32(seed);
  const pools = [...byClass.keys()]
    .sort((a, b) => a - b)
    .map((c) => {
      const list = byClass.get(c) as number[];
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    });
  // The classes that get one extra example when count is not a multiple are also chosen by seed.
  const order = pools.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const picked: number[] = [];
  for (let round = 0; picked.length < count; round++) {
    for (const c of order) {
      if (round < pools[c].length) {
        picked.push(pools[c][round]);
        if (picked.length === count) break;
      }
    }
  }
  return Int32Array.from(picked).sort();
}

/** A new dataset holding copies of the examples at `indices`, in that order. */
export function gatherImages(images: LabelledImages, indices: ArrayLike<number>): LabelledImages {
  const per = images.rows * images.cols;
  const pixels = new Uint8Array(indices.length * per);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= images.n)
      throw new RangeError(`example index ${i} is outside 0..${images.n - 1}`);
    pixels.set(images.pixels.subarray(i * per, (i + 1) * per), k * per);
    labels[k] = images.labels[i];
  }
  return { ...images, pixels, labels, n: indices.length };
}

// How the lab turns dataset examples into model input: as they are (the idx path: a layout and a
// scaling), or through an InputMapping (resize, crop, channels, layout, per-channel scaling, label map).
import * as tf from '@tensorflow/tfjs';
import { gatherImages, toInputTensor, toLabelTensor } from '../data/dataset-tensors';
import { inputGeometry, mapBatch, mapLabels, suggestMapping, type InputMapping } from '../data/input-mapping';
import type { ModelEngine } from '../engine/model-engine';
import type { InputLayout } from '../engine/tfjs-layers/model-introspect';
import type { InputScaling, LabelledImages } from '../types';
import type { DataFit } from './types';

export interface DataFeed {
  /** how the data reaches the model: whether its inputs and its labels fit */
  fit: DataFit;
  inputsFit: boolean;
  /** the mapping in force (null: the examples are fed as they are) */
  mapping: InputMapping | null;
  /** float32 bytes of one example as model input */
  exampleBytes: number;
  x(images: LabelledImages, indices: ArrayLike<number>): tf.Tensor;
  y(images: LabelledImages, indices: ArrayLike<number>): tf.Tensor1D;
}

const LAYOUT_NAMES: Record<InputMapping['layout'], InputLayout> = {
  nhwc: 'image',
  nchw: 'image-nchw',
  hw: 'plane',
  flat: 'flat',
};

function contiguous(indices: ArrayLike<number>): boolean {
  for (let i = 1; i < indices.length; i++) if (indices[i] !== indices[0] + i) return false;
  return true;
}

function plainFeed(fit: DataFit, layout: InputLayout | null, scaling: InputScaling, images: LabelledImages): DataFeed {
  const pick = (imgs: LabelledImages, indices: ArrayLike<number>) =>
    contiguous(indices)
      ? { imgs, range: { start: indices.length ? indices[0] : 0, count: indices.length } }
      : { imgs: gatherImages(imgs, indices), range: undefined };
  return {
    fit,
    inputsFit: layout !== null,
    mapping: null,
    exampleBytes: images.rows * images.cols * 4,
    x: (imgs, indices) => {
      const p = pick(imgs, indices);
      return toInputTensor(p.imgs, layout ?? 'flat', scaling, p.range);
    },
    y: (imgs, indices) => {
      const p = pick(imgs, indices);
      return toLabelTensor(p.imgs, p.range);
    },
  };
}

function isPlain(images: LabelledImages): boolean {
  return (images.channels ?? 1) === 1 && !images.values && images.labelled !== false;
}

/** A mapping applied: does the geometry resolve, and do the labels fall within the model's outputs? */
function mappedFeed(engine: ModelEngine, images: LabelledImages, mapping: InputMapping): DataFeed {
  let geometry;
  try {
    geometry = inputGeometry(engine.inputShape, mapping.layout, images, mapping.channels);
  } catch (e) {
    const fit: DataFit = { fits: false, reason: (e as Error).message };
    return { ...plainFeed(fit, null, { kind: 'unit' }, images), inputsFit: false, mapping };
  }
  let fit: DataFit = { fits: true, layout: LAYOUT_NAMES[mapping.layout] };
  if (images.labelled === false) fit = { fits: false, reason: 'the data has no labels' };
  else {
    try {
      mapLabels(
        images,
        Int32Array.from({ length: images.n }, (_, i) => i),
        mapping,
        engine.classes,
      );
    } catch (e) {
      fit = { fits: false, reason: (e as Error).message };
    }
  }
  const { height, width, channels } = geometry;
  return {
    fit,
    inputsFit: true,
    mapping,
    exampleBytes: height * width * channels * 4,
    x: (imgs, indices) => {
      const { values, shape } = mapBatch(imgs, indices, mapping, geometry);
      return tf.tensor(values, shape, 'float32');
    },
    y: (imgs, indices) => tf.tensor1d(mapLabels(imgs, indices, mapping, null), 'int32'),
  };
}

/**
 * The feed for this model and data: the chosen mapping when there is one; else the examples as they
 * are when they fit; else, for data brought for this model (colour, float or unlabelled), the
 * model's own layout when only that differs. Anything needing a resize or a channel change waits
 * for the user's mapping, so that a wrong set is never measured silently.
 */
export function dataFeed(
  engine: ModelEngine,
  images: LabelledImages,
  scaling: InputScaling,
  mapping: InputMapping | null,
): DataFeed {
  if (mapping) return mappedFeed(engine, images, mapping);
  const native = engine.inputFit(images);
  if (isPlain(images)) {
    if (native.fits) return plainFeed(native, native.layout, scaling, images);
    // the input may fit with the model's own class count: then only label-free work is possible
    if (engine.classes !== null) {
      const layout = engine.inputFit({ ...images, numClasses: engine.classes });
      if (layout.fits) return plainFeed(native, layout.layout, scaling, images);
    }
  }
  const suggested = suggestMapping(images, engine.inputShape);
  if (!images.values) suggested.scaling = scaling;
  try {
    const g = inputGeometry(engine.inputShape, suggested.layout, images);
    if (
      !isPlain(images) &&
      g.height === images.rows &&
      g.width === images.cols &&
      g.channels === (images.channels ?? 1)
    )
      return mappedFeed(engine, images, suggested);
    if (!native.fits && !isPlain(images))
      return plainFeed(
        {
          fits: false,
          reason:
            `the model takes ${g.height}×${g.width}×${g.channels} inputs; the data is ` +
            `${images.rows}×${images.cols}×${images.channels ?? 1}: set an input mapping (resize, crop, channels)`,
        },
        null,
        scaling,
        images,
      );
  } catch (e) {
    if (!isPlain(images)) return plainFeed({ fits: false, reason: (e as Error).message }, null, scaling, images);
  }
  return plainFeed(native, null, scaling, images);
}

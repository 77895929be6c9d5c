// How examples of a dataset become the model's input: one pure value (InputMapping) and the function
// applying it to a batch. The page and the CLI build the same value (the session, the flags), so the
// same mapping gives the same numbers everywhere.
import type { InputScaling, LabelledImages } from '../types';

/** Raw pixel values (0..255, or the float values as stored) to model input, per channel. */
export type MappingScaling =
  | InputScaling
  | { kind: 'imagenet' } // (x / 255 - mean) / std with ImageNet's RGB mean and std
  | { kind: 'custom'; mean: number[]; std: number[] } // (x / 255 - mean[c]) / std[c]
  | { kind: 'none' }; // values as stored (float data already normalised)

/** 'nhwc' [h, w, c] (TF.js), 'nchw' [c, h, w] (PyTorch/ONNX), 'hw' [h, w], 'flat' [h * w * c]. */
export type MappingLayout = 'nhwc' | 'nchw' | 'hw' | 'flat';

export interface InputMapping {
  /** scale the short side to this many pixels first, keeping the aspect ratio (null: no resize step) */
  resize: number | null;
  /** then take the centre square of this size (null: no crop) */
  crop: number | null;
  layout: MappingLayout;
  /** channels the model takes, 1 or 3 (grayscale ↔ RGB conversion); null = as the data */
  channels: number | null;
  scaling: MappingScaling;
  /** the model's output index for each data class (null = the same index) */
  labelMap: number[] | null;
}

export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];

/** The model input without the batch: height, width and channels. */
export interface InputGeometry {
  height: number;
  width: number;
  channels: number;
}

export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/** NCHW when the first of three dimensions is a channel count (1 or 3) and the last is not. */
export function detectLayout(inputShape: readonly (number | null)[]): MappingLayout {
  if (inputShape.length === 3) {
    const [a, , c] = inputShape;
    return (a === 1 || a === 3) && c !== 1 && c !== 3 ? 'nchw' : 'nhwc';
  }
  return inputShape.length === 2 ? 'hw' : 'flat';
}

function channelsOf(images: LabelledImages): number {
  return images.channels ?? 1;
}

/** The model input geometry under `layout`; a flat input takes the data's size when it matches. */
export function inputGeometry(
  inputShape: readonly (number | null)[],
  layout: MappingLayout,
  data: Pick<LabelledImages, 'rows' | 'cols' | 'channels'>,
  channels: number | null = null,
): InputGeometry {
  const dims = inputShape.map((d) => (d == null || d < 1 ? null : d));
  const need = (d: number | null, what: string) => {
    if (d === null) throw new MappingError(`the model input [${inputShape.join(', ')}] has no fixed ${what}`);
    return d;
  };
  const shapeText = `[${inputShape.map((d) => d ?? 'null').join(', ')}]`;
  if (layout === 'nhwc' || layout === 'nchw') {
    if (dims.length !== 3) throw new MappingError(`layout ${layout} needs a 3-D model input; it is ${shapeText}`);
    const [h, w, c] = layout === 'nhwc' ? dims : [dims[1], dims[2], dims[0]];
    return { height: need(h, 'height'), width: need(w, 'width'), channels: need(c, 'channel count') };
  }
  if (layout === 'hw') {
    if (dims.length !== 2) throw new MappingError(`layout hw needs a 2-D model input; it is ${shapeText}`);
    return { height: need(dims[0], 'height'), width: need(dims[1], 'width'), channels: 1 };
  }
  if (dims.length !== 1) throw new MappingError(`layout flat needs a 1-D model input; it is ${shapeText}`);
  const len = need(dims[0], 'length');
  const c = channels ?? data.channels ?? 1;
  if (data.rows * data.cols * c === len) return { height: data.rows, width: data.cols, channels: c };
  const side = Math.sqrt(len / c);
  if (!Number.isInteger(side))
    throw new MappingError(`a flat input of ${len} values is not a square image of ${c} channel(s)`);
  return { height: side, width: side, channels: c };
}

/** The mapping that feeds the data to a model of this input shape: no resize step, the model's size and layout. */
export function suggestMapping(images: LabelledImages, inputShape: readonly (number | null)[]): InputMapping {
  return {
    resize: null,
    crop: null,
    layout: detectLayout(inputShape),
    channels: null,
    scaling: images.values ? { kind: 'none' } : { kind: 'unit' },
    labelMap: null,
  };
}

/** True when the mapping only rescales values: same size, channels and order as the data. */
export function isIdentityGeometry(images: LabelledImages, geometry: InputGeometry, mapping: InputMapping): boolean {
  return (
    mapping.resize === null &&
    mapping.crop === null &&
    geometry.height === images.rows &&
    geometry.width === images.cols &&
    geometry.channels === channelsOf(images)
  );
}

/** Per-channel (offset, factor): input = (raw - offset) * factor. */
function channelAffine(scaling: MappingScaling, channels: number): { offset: number[]; factor: number[] } {
  const per = (f: (c: number) => [number, number]) => {
    const pairs = Array.from({ length: channels }, (_, c) => f(c));
    return { offset: pairs.map((p) => p[0]), factor: pairs.map((p) => p[1]) };
  };
  const pick = (list: number[], c: number, what: string) => {
    const v = list.length === 1 ? list[0] : list[c];
    if (v === undefined) throw new MappingError(`${what} has ${list.length} values; the model takes ${channels}`);
    return v;
  };
  switch (scaling.kind) {
    case 'unit':
      return per(() => [0, 1 / 255]);
    case 'symmetric':
      return per(() => [127.5, 1 / 127.5]);
    case 'none':
      return per(() => [0, 1]);
    case 'standard':
      if (!(scaling.std > 0)) throw new MappingError(`scaling std must be > 0; got ${scaling.std}`);
      return per(() => [scaling.mean * 255, 1 / (255 * scaling.std)]);
    default: {
      const mean = scaling.kind === 'imagenet' ? (channels === 1 ? [0.449] : IMAGENET_MEAN) : scaling.mean;
      const std = scaling.kind === 'imagenet' ? (channels === 1 ? [0.226] : IMAGENET_STD) : scaling.std;
      return per((c) => {
        const s = pick(std, c, 'std');
        if (!(s > 0)) throw new MappingError(`scaling std must be > 0; got ${s}`);
        return [pick(mean, c, 'mean') * 255, 1 / (255 * s)];
      });
    }
  }
}

/** The source rectangle (in source pixels) that the model's image shows after resize and crop. */
function sourceRect(h0: number, w0: number, mapping: InputMapping) {
  let scale = 1;
  if (mapping.resize !== null) scale = mapping.resize / Math.min(h0, w0);
  let rh = h0;
  let rw = w0;
  if (mapping.crop !== null) {
    rh = Math.min(h0, mapping.crop / scale);
    rw = Math.min(w0, mapping.crop / scale);
  }
  return { y0: (h0 - rh) / 2, x0: (w0 - rw) / 2, rh, rw };
}

/**
 * Model input for the examples at `indices`: values in the model's layout, shape with the batch first.
 * Resampling is bilinear at pixel centres; 3 → 1 channels uses ITU-R 601 luma, 1 → 3 repeats the
 * gray value, a 4th (alpha) channel is dropped.
 */
export function mapBatch(
  images: LabelledImages,
  indices: ArrayLike<number>,
  mapping: InputMapping,
  geometry: InputGeometry,
): { values: Float32Array; shape: number[] } {
  const { height: H, width: W, channels: C } = geometry;
  const h0 = images.rows;
  const w0 = images.cols;
  const c0 = channelsOf(images);
  const src = images.values ?? images.pixels;
  const per0 = h0 * w0 * c0;
  const { offset, factor } = channelAffine(mapping.scaling, C);
  const { y0, x0, rh, rw } = sourceRect(h0, w0, mapping);
  const same = isIdentityGeometry(images, geometry, mapping);
  // sample positions and weights per output row/column, shared by every image of the batch
  const axis = (n: number, start: number, span: number, limit: number) => {
    const lo = new Int32Array(n);
    const hi = new Int32Array(n);
    const t = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const p = Math.min(limit - 1, Math.max(0, start + ((i + 0.5) * span) / n - 0.5));
      lo[i] = Math.floor(p);
      hi[i] = Math.min(limit - 1, lo[i] + 1);
      t[i] = p - lo[i];
    }
    return { lo, hi, t };
  };
  const ys = axis(H, y0, rh, h0);
  const xs = axis(W, x0, rw, w0);
  const out = new Float32Array(indices.length * H * W * C);
  const pixel = new Float64Array(Math.max(c0, 3));
  const nchw = mapping.layout === 'nchw';
  const toGray = C === 1 && c0 >= 3;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= images.n)
      throw new RangeError(`example index ${i} is outside 0..${images.n - 1}`);
    const base = i * per0;
    const outBase = k * H * W * C;
    for (let y = 0; y < H; y++) {
      const rowLo = base + ys.lo[y] * w0 * c0;
      const rowHi = base + ys.hi[y] * w0 * c0;
      const ty = ys.t[y];
      for (let x = 0; x < W; x++) {
        if (same) {
          const at = base + (y * w0 + x) * c0;
          for (let c = 0; c < c0; c++) pixel[c] = src[at + c];
        } else {
          const xl = xs.lo[x] * c0;
          const xh = xs.hi[x] * c0;
          const tx = xs.t[x];
          for (let c = 0; c < c0; c++) {
            const top = src[rowLo + xl + c] * (1 - tx) + src[rowLo + xh + c] * tx;
            const bottom = src[rowHi + xl + c] * (1 - tx) + src[rowHi + xh + c] * tx;
            pixel[c] = top * (1 - ty) + bottom * ty;
          }
        }
        for (let c = 0; c < C; c++) {
          const v = toGray
            ? 0.299 * pixel[0] + 0.587 * pixel[1] + 0.114 * pixel[2]
            : pixel[c0 === 1 ? 0 : Math.min(c, c0 - 1)];
          const o = nchw ? outBase + (c * H + y) * W + x : outBase + (y * W + x) * C + c;
          out[o] = (v - offset[c]) * factor[c];
        }
      }
    }
  }
  const n = indices.length;
  const shape =
    mapping.layout === 'nhwc'
      ? [n, H, W, C]
      : mapping.layout === 'nchw'
        ? [n, C, H, W]
        : mapping.layout === 'hw'
          ? [n, H, W]
          : [n, H * W * C];
  return { values: out, shape };
}

/** Labels at `indices` through the label map, checked against the model's class count. */
export function mapLabels(
  images: LabelledImages,
  indices: ArrayLike<number>,
  mapping: InputMapping,
  modelClasses: number | null,
): Int32Array {
  const out = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const label = images.labels[indices[k]];
    const mapped = mapping.labelMap ? mapping.labelMap[label] : label;
    if (mapped === undefined || !Number.isInteger(mapped) || mapped < 0)
      throw new MappingError(`the label map has no model output for data class ${label}`);
    if (modelClasses !== null && mapped >= modelClasses)
      throw new MappingError(
        `label ${mapped} (data class ${label}${images.classNames?.[label] ? ` "${images.classNames[label]}"` : ''}) ` +
          `is out of the model's range: it scores ${modelClasses} classes`,
      );
    out[k] = mapped;
  }
  return out;
}

/** "0.5, 0.5, 0.5" → [0.5, 0.5, 0.5]; null when a value is not a number (the form says so). */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const values = parts.map(Number);
  return parts.length && values.every(Number.isFinite) ? values : null;
}

export const DEFAULT_MAPPING: InputMapping = {
  resize: null,
  crop: null,
  layout: 'nhwc',
  channels: null,
  scaling: { kind: 'unit' },
  labelMap: null,
};

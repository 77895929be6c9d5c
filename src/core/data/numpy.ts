// NumPy .npy and .npz (a zip of .npy): images x [n, h, w], [n, h, w, c], [n, c, h, w] or [n, d],
// uint8 or float, and labels y [n]. The arrays are found under the usual names or picked by the user.
import { parse, type NpyArray } from 'npyjs';
import { DataFormatError } from './idx';
import { readZip } from './zip';
import type { LabelledImages } from '../types';

const X_NAMES = ['x', 'x_test', 'X', 'X_test', 'images', 'data', 'inputs', 'features', 'arr_0'];
const Y_NAMES = ['y', 'y_test', 'Y', 'Y_test', 'labels', 'targets', 'target', 'label', 'arr_1'];

/** The dtypes whose values become pixels or floats (64-bit integers, strings and complex numbers do not). */
const NUMERIC_DTYPES = /^(u1|b1|i1|u2|i2|u4|i4|f2|f4|f8)$/;

export interface NumpyOptions {
  /** the array holding the examples (default: the first of the usual names) */
  x?: string;
  /** the array holding the labels (default: the first of the usual names; none = unlabelled) */
  y?: string;
}

function parseNpy(bytes: ArrayBuffer, name: string): NpyArray {
  let arr: NpyArray;
  try {
    arr = parse(bytes);
  } catch (e) {
    throw new DataFormatError(`${name}: not a readable .npy array (${(e as Error).message})`);
  }
  if (arr.fortranOrder)
    throw new DataFormatError(`${name}: Fortran-ordered arrays are not supported (save with C order)`);
  const shape = `[${arr.shape.join(', ')}]`;
  if (!arr.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new DataFormatError(`${name}: the header's shape ${shape} is not a list of non-negative integers`);
  const count = arr.shape.reduce((a, b) => a * b, 1);
  const held = (arr.data as unknown as ArrayLike<unknown>).length;
  if (count !== held)
    throw new DataFormatError(`${name}: the header's shape ${shape} needs ${count} values but the file holds ${held}`);
  return arr;
}

/** The arrays of an .npz, by name without ".npy". */
export function readNpz(bytes: ArrayBuffer, name: string): Map<string, NpyArray> {
  const arrays = new Map<string, NpyArray>();
  for (const f of readZip(new Uint8Array(bytes), name)) {
    if (!f.path.endsWith('.npy')) continue;
    arrays.set(f.path.replace(/\.npy$/, ''), parseNpy(f.bytes, `${name}/${f.path}`));
  }
  return arrays;
}

function toImages(
  x: NpyArray,
  what: string,
): Pick<LabelledImages, 'pixels' | 'values' | 'n' | 'rows' | 'cols' | 'channels'> {
  const s = x.shape;
  const n = s[0];
  let [rows, cols, channels] = [1, 1, 1];
  let nchw = false;
  if (s.length === 2) cols = s[1];
  else if (s.length === 3) [rows, cols] = [s[1], s[2]];
  else if (s.length === 4) {
    nchw = (s[1] === 1 || s[1] === 3) && s[3] !== 1 && s[3] !== 3;
    [rows, cols, channels] = nchw ? [s[2], s[3], s[1]] : [s[1], s[2], s[3]];
  } else
    throw new DataFormatError(
      `${what}: shape [${s.join(', ')}] is not [n, h, w], [n, h, w, c], [n, c, h, w] or [n, d]`,
    );
  const data = x.data as unknown as ArrayLike<number>;
  if (!NUMERIC_DTYPES.test(x.dtype) || typeof (data as unknown as BigInt64Array)[0] === 'bigint')
    throw new DataFormatError(`${what}: dtype ${x.dtype} images are not supported (uint8 or float32)`);
  const per = rows * cols * channels;
  const nhwc = (i: number) => {
    if (!nchw) return i;
    const img = Math.floor(i / per);
    const r = i % per;
    const c = r % channels;
    const p = (r - c) / channels;
    return img * per + c * rows * cols + p;
  };
  const isFloat = x.dtype.startsWith('f');
  if (!isFloat && x.dtype !== 'u1' && x.dtype !== 'b1') {
    for (let i = 0; i < data.length; i++)
      if (data[i] < 0 || data[i] > 255)
        throw new DataFormatError(
          `${what}: ${x.dtype} value ${data[i]} at ${i} is outside 0..255 (use uint8 or float32)`,
        );
  }
  if (isFloat) {
    const values = new Float32Array(data.length);
    for (let i = 0; i < values.length; i++) values[i] = data[nhwc(i)];
    return { pixels: new Uint8Array(0), values, n, rows, cols, channels };
  }
  const pixels = new Uint8Array(data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = data[nhwc(i)];
  return { pixels, n, rows, cols, channels };
}

function toLabels(y: NpyArray, n: number, what: string): { labels: Uint8Array; numClasses: number } {
  const flat = y.shape.length === 1 || (y.shape.length === 2 && y.shape[1] === 1);
  if (!flat) throw new DataFormatError(`${what}: labels must be a 1-D array [n]; got shape [${y.shape.join(', ')}]`);
  if (y.shape[0] !== n)
    throw new DataFormatError(`${what}: ${n} examples but ${y.shape[0]} labels; the counts must match`);
  const data = y.data as unknown as ArrayLike<number | bigint>;
  const labels = new Uint8Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = Number(data[i]);
    if (!Number.isInteger(v) || v < 0 || v > 255)
      throw new DataFormatError(`${what}: label ${v} at index ${i} is not a class index in 0..255`);
    labels[i] = v;
    max = Math.max(max, v);
  }
  return { labels, numClasses: max + 1 };
}

/** A dataset from one .npy (unlabelled examples) or an .npz of examples and labels. */
export function readNumpy(bytes: ArrayBuffer, name: string, opts: NumpyOptions = {}): LabelledImages {
  const arrays = name.toLowerCase().endsWith('.npz') ? readNpz(bytes, name) : new Map([['x', parseNpy(bytes, name)]]);
  const found = [...arrays.entries()].map(([k, a]) => `${k} [${a.shape.join(', ')}] ${a.dtype}`).join(', ');
  const pick = (chosen: string | undefined, usual: string[], what: string) => {
    if (chosen !== undefined) {
      const a = arrays.get(chosen);
      if (!a) throw new DataFormatError(`${name}: no array named "${chosen}" (${what}); it holds ${found}`);
      return chosen;
    }
    return usual.find((k) => arrays.has(k));
  };
  const xKey = pick(opts.x, X_NAMES, 'examples');
  if (!xKey)
    throw new DataFormatError(
      `${name}: no recognisable examples array (named ${X_NAMES.slice(0, 5).join(', ')}…); it holds ${found || 'no arrays'}`,
    );
  const images = toImages(arrays.get(xKey)!, `${name}:${xKey}`);
  const yKey = pick(
    opts.y,
    Y_NAMES.filter((k) => k !== xKey),
    'labels',
  );
  if (!yKey) {
    return {
      ...images,
      labels: new Uint8Array(images.n),
      numClasses: 1,
      labelled: false,
      notices: [`${name} has no labels array: it is measured by agreement with the dense model`],
    };
  }
  const { labels, numClasses } = toLabels(arrays.get(yKey)!, images.n, `${name}:${yKey}`);
  return { ...images, labels, numClasses: Math.max(numClasses, 10), labelled: true };
}

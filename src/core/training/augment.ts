// Random-shift augmentation of training images: each image moves by a whole number of pixels
// (dy, dx in [-shift, shift]) with zero fill, as in the classic MNIST-style "translate by up to
// 2 px" augmentation. Fine-tuning a small dense net on a 10k-image subset overfits without it.
// The offsets are drawn in JS from a seeded generator; the shift itself is one gather on device,
// so the pixels are moved exactly (no interpolation).
import * as tf from '@tensorflow/tfjs';

export interface AugmentOptions {
  /** Largest shift in pixels, in each direction, along each image axis (0 = no augmentation). */
  shift: number;
}

export class AugmentInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AugmentInputError';
  }
}

/** Height, width, channels of the images in a batch: NHWC, NHW, or flat square grey images [N, H*H]. */
export function imageGeometry(shape: readonly number[]): [number, number, number] {
  if (shape.length === 4) return [shape[1], shape[2], shape[3]];
  if (shape.length === 3) return [shape[1], shape[2], 1];
  if (shape.length === 2) {
    const side = Math.round(Math.sqrt(shape[1]));
    if (side * side === shape[1]) return [side, side, 1];
  }
  throw new AugmentInputError(
    `shift augmentation needs image inputs: [N, H, W, C], [N, H, W] or flat square images [N, H*H]; got ` +
      `[${shape.join(', ')}]`,
  );
}

/** One (dy, dx) per image, uniform over [-shift, shift]², from `random` (values in [0, 1)). */
export function randomOffsets(n: number, shift: number, random: () => number): { dy: Int32Array; dx: Int32Array } {
  const dy = new Int32Array(n);
  const dx = new Int32Array(n);
  const span = 2 * shift + 1;
  for (let i = 0; i < n; i++) {
    dy[i] = Math.min(span - 1, Math.floor(random() * span)) - shift;
    dx[i] = Math.min(span - 1, Math.floor(random() * span)) - shift;
  }
  return { dy, dx };
}

/**
 * Image i moved by (dy[i], dx[i]) pixels (positive = down / right), vacated pixels 0; same shape
 * and layout as `x`. Offsets beyond `shift` in size are rejected.
 */
export function shiftImages(x: tf.Tensor, dy: Int32Array, dx: Int32Array, shift: number): tf.Tensor {
  if (!Number.isInteger(shift) || shift < 0) throw new AugmentInputError(`shift must be an integer >= 0; got ${shift}`);
  const n = x.shape[0];
  if (dy.length !== n || dx.length !== n)
    throw new AugmentInputError(`need one offset per image: ${n} images, ${dy.length} dy, ${dx.length} dx`);
  const [h, w, c] = imageGeometry(x.shape);
  if (shift === 0) return x.clone();
  const ph = h + 2 * shift;
  const pw = w + 2 * shift;
  // index into the padded image [ph, pw, c] for every output pixel of an unshifted image
  const template = new Int32Array(h * w * c);
  for (let r = 0; r < h; r++)
    for (let q = 0; q < w; q++)
      for (let k = 0; k < c; k++) template[(r * w + q) * c + k] = ((r + shift) * pw + (q + shift)) * c + k;
  // output (r, q) reads input (r - dy, q - dx): a per-image constant offset into the flattened
  // padded batch (one plain gather: tfjs-backend-wasm 4.22 gets gather with batchDims wrong)
  const base = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Math.abs(dy[i]) > shift || Math.abs(dx[i]) > shift)
      throw new AugmentInputError(`offset (${dy[i]}, ${dx[i]}) of image ${i} exceeds the shift ${shift}`);
    base[i] = i * ph * pw * c + (-dy[i] * pw - dx[i]) * c;
  }
  return tf.tidy(() => {
    const padded = tf
      .pad(tf.reshape(x, [n, h, w, c]), [
        [0, 0],
        [shift, shift],
        [shift, shift],
        [0, 0],
      ])
      .reshape([n * ph * pw * c]);
    const idx = tf.add(tf.tensor2d(base, [n, 1], 'int32'), tf.tensor2d(template, [1, h * w * c], 'int32'));
    return tf.reshape(tf.gather(padded, idx), x.shape);
  });
}

/** `x` with every image shifted at random by up to `shift` pixels (seeded through `random`). */
export function randomShift(x: tf.Tensor, shift: number, random: () => number): tf.Tensor {
  const { dy, dx } = randomOffsets(x.shape[0], shift, random);
  return shiftImages(x, dy, dx, shift);
}

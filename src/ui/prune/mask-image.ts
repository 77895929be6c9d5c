// Turns a tensor's mask into pixels: filters and output neurons are columns, input channels and
// input features are rows, so whole pruned structures show up as empty columns or rows.

export type Rgb = readonly [number, number, number];

/** pruned weights: a light grey that still reads as "something was here" against the gaps */
export const PRUNED_RGB: Rgb = [226, 230, 238];
/** the 1-px gaps between conv kernel tiles */
export const GAP_RGB: Rgb = [255, 255, 255];
/** kept weights go from this light blue (|w| smallest) ... */
export const KEPT_LOW_RGB: Rgb = [176, 201, 250];
/** ... to this deep accent blue (|w| largest) */
export const KEPT_HIGH_RGB: Rgb = [22, 70, 184];

/** A conv grid wider or taller than this collapses each kh x kw kernel to one pixel. */
export const MAX_CONV_GRID = 1200;
/** A dense image (or collapsed conv grid) larger than this per side is max-pooled. */
export const MAX_SIDE = 600;

export interface MaskImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  /**
   * 'tiles': conv kernels drawn as kh x kw tiles; 'matrix': one pixel per weight (or per kernel, or per
   * pooled block)
   */
  layout: 'tiles' | 'matrix';
  /** weights (or kernels) per pixel along rows and columns when pooled; [1, 1] otherwise */
  pool: [number, number];
  /** the number of columns (filters / output neurons) and rows (input channels / features) shown */
  columns: number;
  rows: number;
  kept: number;
  total: number;
}

/** Colour of a kept weight with magnitude 0..255. */
export function keptRgb(magnitude: number): Rgb {
  const t = Math.min(255, Math.max(0, magnitude)) / 255;
  return [0, 1, 2].map((c) => Math.round(KEPT_LOW_RGB[c] + t * (KEPT_HIGH_RGB[c] - KEPT_LOW_RGB[c]))) as unknown as Rgb;
}

function put(rgba: Uint8ClampedArray, p: number, c: Rgb) {
  rgba[4 * p] = c[0];
  rgba[4 * p + 1] = c[1];
  rgba[4 * p + 2] = c[2];
  rgba[4 * p + 3] = 255;
}

/**
 * The mask image of a rank-2 [in, out] or rank-4 [kh, kw, in, out] tensor (TF.js layout).
 * mask: 1 = kept, 0 = pruned, null = dense; magnitude: |dense w| scaled to 0..255.
 */
export function maskImage(
  mask: Uint8Array | null,
  magnitude: Uint8Array,
  shape: readonly number[],
  maxSide = MAX_SIDE,
): MaskImage {
  const total = shape.reduce((a, b) => a * b, 1);
  if (shape.length !== 2 && shape.length !== 4) {
    throw new Error(
      `The mask view draws rank-2 [in, out] or rank-4 [kh, kw, in, out] tensors; got shape [${shape.join(', ')}].`,
    );
  }
  if (magnitude.length !== total || (mask && mask.length !== total)) {
    throw new Error(
      `The mask view got ${mask?.length ?? magnitude.length} values for shape [${shape.join(', ')}] (${total} ` +
        `expected).`,
    );
  }
  let kept = 0;
  if (mask) for (let i = 0; i < total; i++) kept += mask[i] ? 1 : 0;
  else kept = total;

  if (shape.length === 4) {
    const [kh, kw, inCh, out] = shape;
    const width = out * (kw + 1) - 1;
    const height = inCh * (kh + 1) - 1;
    if (width <= MAX_CONV_GRID && height <= MAX_CONV_GRID) {
      const rgba = new Uint8ClampedArray(4 * width * height);
      for (let p = 0; p < width * height; p++) put(rgba, p, GAP_RGB);
      // flat index ((y * kw + x) * in + c) * out + o  ->  pixel (o * (kw + 1) + x, c * (kh + 1) + y)
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++) {
          for (let c = 0; c < inCh; c++) {
            for (let o = 0; o < out; o++) {
              const i = ((y * kw + x) * inCh + c) * out + o;
              const p = (c * (kh + 1) + y) * width + o * (kw + 1) + x;
              put(rgba, p, !mask || mask[i] ? keptRgb(magnitude[i]) : PRUNED_RGB);
            }
          }
        }
      }
      return { width, height, rgba, layout: 'tiles', pool: [1, 1], columns: out, rows: inCh, kept, total };
    }
    // Too many kernels to draw as tiles: one pixel per kernel (kept if any weight of it is kept).
    const perKernelMask = new Uint8Array(inCh * out);
    const perKernelMag = new Uint8Array(inCh * out);
    for (let i = 0; i < total; i++) {
      const k = i % (inCh * out);
      if (mask && !mask[i]) continue;
      perKernelMask[k] = 1;
      if (magnitude[i] > perKernelMag[k]) perKernelMag[k] = magnitude[i];
    }
    const img = matrixImage(perKernelMask, perKernelMag, inCh, out, maxSide);
    return { ...img, kept, total };
  }
  const [inF, out] = shape;
  const img = matrixImage(mask, magnitude, inF, out, maxSide);
  return { ...img, kept, total };
}

/** rows x cols matrix, max-pooled into blocks so that no side exceeds maxSide. */
function matrixImage(mask: Uint8Array | null, magnitude: Uint8Array, rows: number, cols: number, maxSide: number) {
  const fy = Math.max(1, Math.ceil(rows / maxSide));
  const fx = Math.max(1, Math.ceil(cols / maxSide));
  const height = Math.ceil(rows / fy);
  const width = Math.ceil(cols / fx);
  const blockKept = new Uint8Array(width * height);
  const blockMag = new Uint8Array(width * height);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (mask && !mask[i]) continue;
      const p = Math.floor(r / fy) * width + Math.floor(c / fx);
      blockKept[p] = 1;
      if (magnitude[i] > blockMag[p]) blockMag[p] = magnitude[i];
    }
  }
  const rgba = new Uint8ClampedArray(4 * width * height);
  for (let p = 0; p < width * height; p++) put(rgba, p, blockKept[p] ? keptRgb(blockMag[p]) : PRUNED_RGB);
  return { width, height, rgba, layout: 'matrix' as const, pool: [fy, fx] as [number, number], columns: cols, rows };
}

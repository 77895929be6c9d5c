// Faster wasm kernels for the two gradients that dominate a training step, each built from wasm's
// own fast kernels (XNNPACK) and falling back to the stock kernel outside the cases it covers:
// - BatchMatMul with a transposed operand (the gradients of every dense layer: dW = xᵀ·dy,
//   dx = dy·Wᵀ): tfjs-backend-wasm 4.22 runs these 3-6x slower than a plain product, so the
//   operand is transposed explicitly first.
// - Conv2DBackpropInput at stride 1 (the input gradient of a convolution): the stock kernel is a
//   direct loop; here it is the "full" convolution of dy with the kernel flipped in space and its
//   channel axes swapped, dx = conv2d(dy, rot180(W)ᵀ, pad = k - 1 - forward pad).
// - MaxPoolGrad: the stock kernel rescans every window for every input position; here one pass
//   over the windows adds each dy to its window's first maximum (tf.js's tie rule), in JS.
// All compute the same sums, at most in another order: results agree with cpu to float rounding.
import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-backend-wasm's backend that kernels written here use. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): boolean;
}

type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: unknown; attrs?: tf.NamedAttrMap };
type Kernel = (args: KernelArgs) => tf.TensorInfo;

const BACKEND = 'wasm';
const installed = new Map<string, { stock: tf.KernelConfig; fast: Kernel }>();

function stockKernel(name: string): Kernel {
  const k = installed.get(name)?.stock ?? tf.getKernel(name, BACKEND);
  if (!k) throw new Error(`the wasm backend has no ${name} kernel`);
  return k.kernelFunc as unknown as Kernel;
}

/** x with its last two axes swapped, as a new wasm buffer the caller disposes. */
function swapLastAxes(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return stockKernel('Transpose')({ inputs: { x }, backend, attrs: { perm } });
}

function batchMatMul(args: KernelArgs): tf.TensorInfo {
  const { inputs, backend } = args;
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const stock = stockKernel('BatchMatMul');
  if (!transposeA && !transposeB) return stock(args);
  const wasm = backend as WasmBackendLike;
  const a = transposeA ? swapLastAxes(inputs.a, backend) : inputs.a;
  const b = transposeB ? swapLastAxes(inputs.b, backend) : inputs.b;
  try {
    return stock({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
  } finally {
    if (transposeA) wasm.disposeData(a.dataId);
    if (transposeB) wasm.disposeData(b.dataId);
  }
}

/** The attributes tf.js gives the convolution gradient kernels. */
export interface ConvGradAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

interface BackpropInputAttrs extends ConvGradAttrs {
  inputShape: [number, number, number, number];
}

/** W [kh, kw, ci, co] -> W' [kh, kw, co, ci] with W'[p, q, o, c] = W[kh-1-p, kw-1-q, c, o]. */
export function flipFilter(w: Float32Array, [kh, kw, ci, co]: readonly number[], out: Float32Array): void {
  for (let p = 0; p < kh; p++)
    for (let q = 0; q < kw; q++) {
      const src = ((kh - 1 - p) * kw + (kw - 1 - q)) * ci * co;
      const dst = (p * kw + q) * co * ci;
      for (let c = 0; c < ci; c++) for (let o = 0; o < co; o++) out[dst + o * ci + c] = w[src + c * co + o];
    }
}

function conv2dBackpropInput(args: KernelArgs): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as BackpropInputAttrs;
  const { dy, filter } = inputs;
  const stock = stockKernel('Conv2DBackpropInput');
  if (attrs.dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return stock(args);
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const [kh, kw] = filter.shape;
  const { top, left } = info.padInfo;
  const padTop = kh - 1 - top;
  const padLeft = kw - 1 - left;
  const padBottom = info.inHeight - info.outHeight - padTop + kh - 1;
  const padRight = info.inWidth - info.outWidth - padLeft + kw - 1;
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || Math.min(padTop, padLeft, padBottom, padRight) < 0)
    return stock(args);
  const wasm = backend as WasmBackendLike;
  const [, , ci, co] = filter.shape;
  const flipped = wasm.makeOutput([kh, kw, co, ci], 'float32');
  try {
    flipFilter(wasm.typedArrayFromHeap(filter), filter.shape, wasm.typedArrayFromHeap(flipped));
    return stockKernel('Conv2D')({
      inputs: { x: dy, filter: flipped },
      backend,
      attrs: {
        strides: 1,
        dilations: 1,
        dataFormat: 'NHWC',
        pad: [
          [0, 0],
          [padTop, padBottom],
          [padLeft, padRight],
          [0, 0],
        ],
      } as unknown as tf.NamedAttrMap,
    });
  } finally {
    wasm.disposeData(flipped.dataId);
  }
}

interface PoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: ConvGradAttrs['pad'];
  dimRoundingMode?: ConvGradAttrs['dimRoundingMode'];
}

function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const { inputs, backend } = args;
  const { dy, input } = inputs;
  const attrs = args.attrs as unknown as PoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const wasm = backend as WasmBackendLike;
  const out = wasm.makeOutput([...input.shape], 'float32');
  // views taken after the allocation, which may grow (and so move) the wasm heap
  const dx = wasm.typedArrayFromHeap(out).fill(0);
  const x = wasm.typedArrayFromHeap(input);
  const g = wasm.typedArrayFromHeap(dy);
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const { top, left } = info.padInfo;
  let o = 0; // index into dy, [b, r, q, ch] order
  for (let b = 0; b < batchSize; b++) {
    const xb = b * inHeight * inWidth * c;
    for (let r = 0; r < outHeight; r++) {
      const r0 = r * strideHeight - top;
      for (let q = 0; q < outWidth; q++) {
        const q0 = q * strideWidth - left;
        for (let ch = 0; ch < c; ch++, o++) {
          let best = -Infinity;
          let at = -1;
          for (let i = Math.max(0, r0); i < Math.min(inHeight, r0 + fh); i++) {
            for (let j = Math.max(0, q0); j < Math.min(inWidth, q0 + fw); j++) {
              const k = xb + (i * inWidth + j) * c + ch;
              if (x[k] > best) {
                best = x[k];
                at = k;
              }
            }
          }
          if (at >= 0) dx[at] += g[o];
        }
      }
    }
  }
  return out;
}

const FAST: Record<string, Kernel> = {
  BatchMatMul: batchMatMul,
  Conv2DBackpropInput: conv2dBackpropInput,
  MaxPoolGrad: maxPoolGrad,
};

/**
 * Puts the faster BatchMatMul, Conv2DBackpropInput and MaxPoolGrad in place of wasm's stock kernels (once;
 * later calls do nothing). Needs tfjs-backend-wasm imported; does nothing when it is not.
 */
export function ensureWasmTrainingKernels(): void {
  for (const [name, fast] of Object.entries(FAST)) {
    if (installed.has(name)) continue;
    const stock = tf.getKernel(name, BACKEND);
    if (!stock) continue;
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ ...stock, kernelFunc: fast as unknown as tf.KernelFunc });
    installed.set(name, { stock, fast });
  }
}

/** Puts wasm's stock kernels back (for comparisons). */
export function restoreWasmStockKernels(): void {
  for (const [name, { stock }] of installed) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(stock);
  }
  installed.clear();
}

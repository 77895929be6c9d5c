// tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter kernel, so the gradient of a
// convolution kernel (what fine-tuning a CNN needs) fails on wasm. This registers one for wasm,
// built from ops wasm does have: the filter gradient is itself a convolution,
//   dW[p,q,c,o] = sum_{b,i,j} xpad[b, i*s + p, j*s + q, c] * dy[b,i,j,o]
// = conv2d(input = xpad as [c, Hp, Wp, b], filter = dy as [oh, ow, b, o], stride 1, dilation s)
// read as [c, kh', kw', o], cut to [kh, kw] and transposed to [kh, kw, c, o].
// It is registered for the wasm backend only; every other backend keeps its own kernel.
import * as tf from '@tensorflow/tfjs';
import type { ConvGradAttrs, WasmBackendLike } from './wasm-train-kernels';

export const CONV2D_BACKPROP_FILTER = 'Conv2DBackpropFilter';

interface BackpropFilterAttrs extends ConvGradAttrs {
  filterShape: [number, number, number, number];
}

/**
 * The filter gradient of a stride-s, dilation-1 NHWC conv2d computed with conv2d, pad, transpose
 * and slice only (runs on any backend; used by the wasm kernel below and tested against cpu).
 */
export function conv2dFilterGradByConv(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: BackpropFilterAttrs['pad'],
  dimRoundingMode?: BackpropFilterAttrs['dimRoundingMode'],
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, ci, co] = filterShape;
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad, dimRoundingMode);
    const { top, bottom, left, right } = info.padInfo;
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    if (dy.shape[1] !== info.outHeight || dy.shape[2] !== info.outWidth || dy.shape[3] !== co) {
      throw new Error(
        `conv2d filter gradient: dy has shape [${dy.shape.join(', ')}], expected [b, ${info.outHeight}, ` +
          `${info.outWidth}, ${co}]`,
      );
    }
    const xPadded =
      top || bottom || left || right
        ? tf.pad(x, [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ])
        : x;
    const xT = tf.transpose(xPadded, [3, 1, 2, 0]) as tf.Tensor4D; // [ci, Hp, Wp, b]
    const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [oh, ow, b, co]
    // stride 1, dilation (sh, sw): conv2d forbids strides and dilations both > 1, and here strides are 1.
    const g = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', [sh, sw]); // [ci, >=kh, >=kw, co]
    const cut = g.shape[1] === kh && g.shape[2] === kw ? g : tf.slice(g, [0, 0, 0, 0], [ci, kh, kw, co]);
    return tf.transpose(cut, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

function wasmConv2DBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as BackpropFilterAttrs;
  if (attrs.dataFormat === 'NCHW') {
    throw new Error('conv2d filter gradient on wasm: only channels-last (NHWC) convolutions are supported');
  }
  // The engine hands kernels the op's input tensors; computing with ops inside a kernel is not taped.
  const x = inputs.x as unknown as tf.Tensor4D;
  const dy = inputs.dy as unknown as tf.Tensor4D;
  const grad = conv2dFilterGradByConv(x, dy, attrs.filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  try {
    const wasm = backend as WasmBackendLike;
    const out = wasm.makeOutput([...attrs.filterShape], 'float32');
    wasm.typedArrayFromHeap(out).set(wasm.typedArrayFromHeap(grad));
    return out;
  } finally {
    grad.dispose();
  }
}

/**
 * Registers the wasm Conv2DBackpropFilter kernel once (no-op when wasm already has one, e.g. a
 * later tfjs-backend-wasm). Safe to call before or after the wasm backend starts.
 * Returns true when this call (or an earlier one) installed it.
 */
export function ensureWasmConvFilterGradient(): boolean {
  const existing = tf.getKernel(CONV2D_BACKPROP_FILTER, 'wasm');
  if (existing) return existing.kernelFunc === (wasmConv2DBackpropFilter as unknown as tf.KernelFunc);
  tf.registerKernel({
    kernelName: CONV2D_BACKPROP_FILTER,
    backendName: 'wasm',
    kernelFunc: wasmConv2DBackpropFilter as unknown as tf.KernelFunc,
  });
  return true;
}

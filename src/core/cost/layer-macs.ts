// Dense compute (MACs) of each prunable kernel of a layers model, as Distiller's
// model_performance_summary counts it: Conv MACs = OFM volume · (C_in / groups) · kh · kw,
// Dense MACs = numel(W). Depthwise / separable kernels cost OFM positions · numel(kernel).
import type * as tf from '@tensorflow/tfjs';
import { convMacs, denseMacs } from '../pruning';
import type { PrunableTensor } from '../types';

export interface KernelMacs {
  /** MACs of the dense kernel for one example. */
  macs: number;
  /** Output positions each kernel weight is used at (outH · outW for a conv, 1 for a dense layer). */
  positions: number;
}

function spatial(layer: tf.layers.Layer): { h: number; w: number } {
  const raw = layer.outputShape as (number | null)[] | (number | null)[][];
  const shape = (Array.isArray(raw[0]) ? raw[0] : raw) as (number | null)[];
  if (shape.length !== 4 || typeof shape[1] !== 'number' || typeof shape[2] !== 'number') {
    throw new Error(
      `layer '${layer.name}' has output shape [${shape.join(', ')}]; MACs need [batch, h, w, c] with known h and w`,
    );
  }
  return { h: shape[1], w: shape[2] };
}

export function kernelMacs(model: tf.LayersModel, t: PrunableTensor): KernelMacs {
  if (t.kind === 'dense') return { macs: denseMacs(t.shape[0], t.shape[1]), positions: 1 };
  const layer = model.getLayer(t.layerName);
  const { h, w } = spatial(layer);
  const [kh, kw, cin, cout] = t.shape;
  if (t.layerClass === 'Conv2D') return { macs: convMacs({ kh, kw, cin, cout, outH: h, outW: w }), positions: h * w };
  return { macs: h * w * t.size, positions: h * w };
}

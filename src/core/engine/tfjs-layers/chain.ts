// A layers model splits into prefix and suffix where it is a chain: while tensor L is swept, every
// layer before L is unchanged, so L's input activations are computed once and only the layers from L
// onward run per level. A chain is a model whose layers (after the InputLayer) each read exactly the
// previous one; branching graphs (Add, Concatenate, several inputs) are not split.
import * as tf from '@tensorflow/tfjs';

type Layer = tf.layers.Layer;

/** Non-input layers in execution order when `model` is a single-input, single-output chain; else null. */
export function chainLayers(model: tf.LayersModel): Layer[] | null {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (layers.length === 0) return null;
  let previous: Layer | null = null;
  for (const layer of layers) {
    // A layer used twice (shared, or applied again elsewhere) has several nodes: not a plain chain.
    if (layer.inboundNodes.length !== 1) return null;
    const inbound = layer.inboundNodes[0].inboundLayers;
    if (inbound.length !== 1) return null;
    const source = inbound[0];
    if (previous === null ? source.getClassName() !== 'InputLayer' : source !== previous) return null;
    previous = layer;
  }
  if (model.outputs[0].sourceLayer !== previous) return null;
  return layers;
}

/**
 * Applies `layers` in order to concrete tensors (inference: training false). The layer objects are
 * the model's own, so weights written into their variables take effect; applying them to concrete
 * tensors adds no node to the model's graph. Call inside tf.tidy.
 */
export function applyLayers(layers: readonly Layer[], x: tf.Tensor): tf.Tensor {
  let h = x;
  for (const layer of layers) {
    const out = layer.apply(h, { training: false });
    h = Array.isArray(out) ? (out[0] as tf.Tensor) : (out as tf.Tensor);
  }
  return h;
}

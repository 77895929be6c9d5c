// What a loaded layers model offers to pruning and to the UI: its prunable kernels,
// its layers, and whether a dataset fits its input and output.
import type * as tf from '@tensorflow/tfjs';
import type { PrunableTensor, TensorAxes, TensorRole } from '../../types';

type Layer = tf.layers.Layer;

/** Per layer class: which of its weights (by the suffix after "/") are prunable, and their rank. */
const PRUNABLE_KERNELS: Record<string, { suffixes: string[]; rank: number; kind: PrunableTensor['kind'] }> = {
  Dense: { suffixes: ['kernel'], rank: 2, kind: 'dense' },
  Conv2D: { suffixes: ['kernel'], rank: 4, kind: 'conv2d' },
  DepthwiseConv2D: { suffixes: ['depthwise_kernel'], rank: 4, kind: 'conv2d' },
  SeparableConv2D: { suffixes: ['depthwise_kernel', 'pointwise_kernel'], rank: 4, kind: 'conv2d' },
};

/** TF.js layouts: conv [kh, kw, in, out], depthwise [kh, kw, in, multiplier], dense [in, out]. */
const TFJS_AXES: Record<TensorRole, TensorAxes> = {
  conv: { out: 3, in: 2, spatial: [0, 1] },
  depthwise: { out: 3, in: 2, spatial: [0, 1] },
  dense: { out: 1, in: 0, spatial: [] },
};

/**
 * Names of the layers whose output channels are the model's outputs: the output layers and, behind
 * layers without a prunable kernel (activation, softmax, pooling, a merge of branches…), the layers
 * with one that feed them.
 */
function outputLayers(model: tf.LayersModel): Set<string> {
  const found = new Set<string>();
  let frontier: Layer[] = model.outputs.map((o) => o.sourceLayer as Layer).filter(Boolean);
  while (frontier.length) {
    const next: Layer[] = [];
    for (const layer of frontier) {
      if (found.has(layer.name)) continue;
      found.add(layer.name);
      if (PRUNABLE_KERNELS[layer.getClassName()]) continue;
      for (const node of layer.inboundNodes) next.push(...(node.inboundLayers as Layer[]));
    }
    frontier = next;
  }
  return found;
}

/** A prunable tensor in TF.js layout, its canonical axes taken from its role. */
export function layersTensor(
  t: Pick<PrunableTensor, 'name' | 'layerName' | 'layerClass' | 'shape' | 'role' | 'feedsOutput'>,
): PrunableTensor {
  const axes = TFJS_AXES[t.role];
  return {
    ...t,
    kind: t.role === 'dense' ? 'dense' : 'conv2d',
    size: t.shape.reduce((a, b) => a * b, 1),
    axes: { ...axes, spatial: [...axes.spatial] },
  };
}

/** A nested model used as a layer has its own `layers`. */
function subLayers(layer: Layer): Layer[] | null {
  const inner = (layer as unknown as { layers?: Layer[] }).layers;
  return Array.isArray(inner) ? inner : null;
}

function flatLayers(layers: Layer[]): Layer[] {
  return layers.flatMap((l) => {
    const inner = subLayers(l);
    return inner ? flatLayers(inner) : [l];
  });
}

/**
 * Every rank-2 Dense kernel and rank-4 convolution kernel, in model order. `name` is the weight's
 * `originalName` ("conv1/kernel"), the name model.json's weight specs use; `LayerVariable.name`
 * gets a "_1" suffix when a model with the same layer names is loaded twice, so it is not used.
 */
export function prunableTensors(model: tf.LayersModel): PrunableTensor[] {
  const found: PrunableTensor[] = [];
  const outputs = outputLayers(model);
  for (const layer of flatLayers(model.layers)) {
    const layerClass = layer.getClassName();
    const rule = PRUNABLE_KERNELS[layerClass];
    if (!rule) continue;
    for (const w of layer.weights) {
      const suffix = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      if (!rule.suffixes.includes(suffix) || w.shape.length !== rule.rank) continue;
      const role: TensorRole = rule.kind === 'dense' ? 'dense' : suffix === 'depthwise_kernel' ? 'depthwise' : 'conv';
      found.push(
        layersTensor({
          name: w.originalName,
          layerName: layer.name,
          layerClass,
          shape: w.shape.map((d) => d as number),
          role,
          // a separable layer's depthwise kernel feeds its pointwise one, not the output
          feedsOutput: outputs.has(layer.name) && role !== 'depthwise',
        }),
      );
    }
  }
  return found;
}

export interface LayerDescription {
  name: string;
  /** Keras class name, e.g. "Conv2D". */
  class: string;
  /** Output shape with null for the batch (a list of shapes for multi-output layers). */
  outputShape: (number | null)[] | (number | null)[][];
  params: number;
  /** Names of the layers feeding this one (an InputLayer's name for the first layer). */
  inbound: string[];
}

/** One row per layer, in model order, for the architecture view. */
export function describeLayers(model: tf.LayersModel): LayerDescription[] {
  return model.layers.map((layer) => {
    const inbound = new Set<string>();
    for (const node of layer.inboundNodes) for (const l of node.inboundLayers) inbound.add(l.name);
    return {
      name: layer.name,
      class: layer.getClassName(),
      outputShape: layer.outputShape as LayerDescription['outputShape'],
      params: layer.countParams(),
      inbound: [...inbound],
    };
  });
}

/** How images are laid out for a model's input: [n, rows, cols, 1], [n, rows, cols] or [n, rows*cols]. */
/** 'image': [n, rows, cols, 1] (TF.js, NHWC); 'image-nchw': [n, 1, rows, cols] (ONNX from PyTorch). */
export type InputLayout = 'image' | 'image-nchw' | 'plane' | 'flat';

export type InputFit = { fits: true; layout: InputLayout } | { fits: false; reason: string };

function shapeText(shape: (number | null)[]): string {
  return `[${shape.map((d) => (d == null ? 'null' : d)).join(', ')}]`;
}

/** Whether images of rows x cols with numClasses labels can be fed to `model`, and in which layout. */
export function inputFit(model: tf.LayersModel, data: { rows: number; cols: number; numClasses: number }): InputFit {
  if (model.inputs.length !== 1)
    return { fits: false, reason: `the model has ${model.inputs.length} inputs; PruneLab feeds exactly one` };
  if (model.outputs.length !== 1)
    return { fits: false, reason: `the model has ${model.outputs.length} outputs; PruneLab evaluates exactly one` };
  const inShape = model.inputs[0].shape;
  const outShape = model.outputs[0].shape;
  const { rows, cols, numClasses } = data;
  const dims = inShape.slice(1);
  let layout: InputLayout | null = null;
  if (dims.length === 3 && dims[0] === rows && dims[1] === cols && dims[2] === 1) layout = 'image';
  else if (dims.length === 2 && dims[0] === rows && dims[1] === cols) layout = 'plane';
  else if (dims.length === 1 && dims[0] === rows * cols) layout = 'flat';
  if (!layout) {
    const want = `[null, ${rows}, ${cols}, 1], [null, ${rows}, ${cols}] or [null, ${rows * cols}]`;
    let detail = '';
    if (dims.length === 3 && dims[2] !== 1)
      detail = ` (${dims[2]} channels; the dataset images are grayscale, 1 channel)`;
    else if (dims.length >= 2 && (dims[0] !== rows || dims[1] !== cols))
      detail = ` (${dims[0]}x${dims[1]} images; the dataset has ${rows}x${cols})`;
    return { fits: false, reason: `the model input is ${shapeText(inShape)}${detail}; the dataset fits ${want}` };
  }
  if (outShape.length !== 2 || outShape[1] !== numClasses) {
    return {
      fits: false,
      reason:
        `the model output is ${shapeText(outShape)}; the dataset has ${numClasses} classes, so [null, ` +
        `${numClasses}] is needed`,
    };
  }
  return { fits: true, layout };
}

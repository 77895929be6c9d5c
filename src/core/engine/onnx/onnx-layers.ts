// A per-node description of an ONNX graph in the shape the lab's model summary shows for layers,
// and which 1-channel image layout its input takes.
import type { InputFit, LayerDescription } from '../tfjs-layers/model-introspect';
import type { PrunableTensor } from '../../types';
import type { GraphInput } from './onnx-checks';
import { int64, type ModelProto } from './onnx-model';
import { graphConstants, inferShape, type Shape } from './onnx-shapes';

/**
 * Dense multiply-accumulates per prunable weight (Distiller's rule): Conv = output volume x
 * (C_in / groups) x kh x kw, i.e. output pixels x numel(W); Gemm and MatMul = numel(W) per example.
 */
export function onnxDenseMacs(model: ModelProto, input: GraphInput, tensors: readonly PrunableTensor[]) {
  const layers = new Map(describeOnnxNodes(model, input).map((l) => [l.name, l]));
  const macs = new Map<string, number>();
  for (const t of tensors) {
    const shape = layers.get(t.layerName)?.outputShape as (number | null)[] | undefined;
    const pixels = t.kind === 'conv2d' && shape?.length === 4 ? (shape[2] ?? 0) * (shape[3] ?? 0) : 1;
    macs.set(t.name, pixels * t.size);
  }
  return macs;
}

export function describeOnnxNodes(model: ModelProto, input: GraphInput): LayerDescription[] {
  const graph = model.graph!;
  const constants = graphConstants(graph);
  const sizes = new Map(graph.initializer.map((t) => [t.name, t.dims.map(int64).reduce((a, b) => a * b, 1)]));
  const shapes = new Map<string, Shape>([[input.name, input.shape.map((d) => d ?? 1)]]);
  const producer = new Map<string, string>([[input.name, input.name]]);
  const out: LayerDescription[] = [];
  for (const node of graph.node) {
    if (node.opType === 'Constant') continue;
    const name = node.name || node.output[0];
    const shape = inferShape(
      node,
      node.input.map((n) => shapes.get(n) ?? constants.get(n)?.dims ?? null),
      constants,
    );
    shapes.set(node.output[0], shape);
    for (const o of node.output) producer.set(o, name);
    out.push({
      name,
      class: node.opType,
      outputShape: shape ? [null, ...shape.slice(1)] : [null],
      params: node.input.reduce((n, i) => n + (sizes.get(i) ?? 0), 0),
      inbound: node.input.filter((i) => producer.has(i)).map((i) => producer.get(i)!),
    });
  }
  return out;
}

/** How 1-channel rows x cols images feed this input: NCHW, NHWC, [rows, cols] or flat. */
export function onnxInputFit(
  input: GraphInput,
  classes: number | null,
  data: { rows: number; cols: number; numClasses: number },
): InputFit {
  const dims = input.shape.slice(1);
  const { rows, cols, numClasses } = data;
  const is = (...want: number[]) => dims.length === want.length && want.every((d, i) => dims[i] === d);
  const layout = is(1, rows, cols)
    ? 'image-nchw'
    : is(rows, cols, 1)
      ? 'image'
      : is(rows, cols)
        ? 'plane'
        : is(rows * cols)
          ? 'flat'
          : null;
  const text = `[${input.shape.map((d) => d ?? 'batch').join(', ')}]`;
  if (!layout)
    return {
      fits: false,
      reason:
        `the model input '${input.name}' is ${text}; ${rows}x${cols} grayscale images fit ` +
        `[batch, 1, ${rows}, ${cols}] (NCHW), [batch, ${rows}, ${cols}, 1] (NHWC) or [batch, ${rows * cols}]`,
    };
  if (classes !== numClasses)
    return {
      fits: false,
      reason: `the model scores ${classes ?? 'an unknown number of'} classes; the dataset has ${numClasses}`,
    };
  return { fits: true, layout };
}

// Shapes of the values the channel analysis follows, for a batch of one (NCHW). Declared
// value_info shapes win; otherwise the few ops the analysis understands are inferred here. Any
// other op leaves its output shape unknown (null), which only matters where a Flatten or a Concat
// needs the sizes.
import { attrInt, attrInts, attrString, int64, type GraphProto, type NodeProto } from './onnx-model';
import { tensorDims, readFloat32 } from './onnx-tensor-data';

export type Shape = number[] | null;

function convLike(node: NodeProto, x: number[], kernel: number[], outChannels: number): number[] {
  const strides = attrInts(node, 'strides') ?? kernel.map(() => 1);
  const dil = attrInts(node, 'dilations') ?? kernel.map(() => 1);
  const pads = attrInts(node, 'pads') ?? kernel.map(() => 0).concat(kernel.map(() => 0));
  const autoPad = attrString(node, 'auto_pad') ?? 'NOTSET';
  const ceil = attrInt(node, 'ceil_mode', 0) === 1;
  const spatial = kernel.map((k, i) => {
    const size = x[2 + i];
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(size / strides[i]);
    const pad = autoPad === 'VALID' ? 0 : pads[i] + pads[i + kernel.length];
    const span = (size + pad - dil[i] * (k - 1) - 1) / strides[i];
    return (ceil ? Math.ceil(span) : Math.floor(span)) + 1;
  });
  return [x[0], outChannels, ...spatial];
}

/** Integer values of a constant input (an initializer or a Constant node's output), or null. */
export function constantInts(name: string, constants: Map<string, { dims: number[]; values: number[] }>) {
  return constants.get(name)?.values ?? null;
}

/** The graph's constant tensors small enough to matter for shapes (initializers and Constant nodes). */
export function graphConstants(graph: GraphProto): Map<string, { dims: number[]; values: number[] }> {
  const out = new Map<string, { dims: number[]; values: number[] }>();
  const add = (name: string, t: GraphProto['initializer'][number]) => {
    const dims = tensorDims(t);
    if (dims.reduce((a, b) => a * b, 1) > 16) return void out.set(name, { dims, values: [] });
    let values: number[] = [];
    if (t.dataType === 7) values = t.rawData?.byteLength ? readInt64(t.rawData) : t.int64Data.map(int64);
    else if (t.dataType === 1) values = [...readFloat32(t)];
    out.set(name, { dims, values });
  };
  for (const t of graph.initializer) add(t.name, t);
  for (const n of graph.node)
    if (n.opType === 'Constant') {
      const t = n.attribute.find((a) => a.name === 'value')?.t;
      if (t) add(n.output[0], t);
    }
  return out;
}

function readInt64(raw: Uint8Array): number[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.byteLength / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
}

/** The output shape of a node from its input shapes, or null when this op is not inferred here. */
export function inferShape(
  node: NodeProto,
  shapes: Shape[],
  constants: Map<string, { dims: number[]; values: number[] }>,
): Shape {
  const x = shapes[0];
  const op = node.opType;
  const weightDims = constants.get(node.input[1] ?? '')?.dims;
  if (op === 'Conv' && x && weightDims) return convLike(node, x, weightDims.slice(2), weightDims[0]);
  if ((op === 'MaxPool' || op === 'AveragePool') && x) return convLike(node, x, attrInts(node, 'kernel_shape')!, x[1]);
  if ((op === 'GlobalAveragePool' || op === 'GlobalMaxPool') && x) return [x[0], x[1], ...x.slice(2).map(() => 1)];
  if (op === 'Flatten' && x) {
    const axis = attrInt(node, 'axis', 1);
    const a = axis < 0 ? axis + x.length : axis;
    return [x.slice(0, a).reduce((p, q) => p * q, 1), x.slice(a).reduce((p, q) => p * q, 1)];
  }
  if (op === 'Gemm' && x && weightDims) return [x[0], weightDims[attrInt(node, 'transB', 0) ? 0 : 1]];
  if (op === 'MatMul' && x && weightDims?.length === 2) return [...x.slice(0, -1), weightDims[1]];
  if (op === 'Reshape' && x) {
    const target = constantInts(node.input[1], constants);
    if (!target?.length) return null;
    const dims = target.map((d, i) => (d === 0 ? x[i] : d));
    const known = dims.filter((d) => d !== -1).reduce((p, q) => p * q, 1);
    const total = x.reduce((p, q) => p * q, 1);
    return dims.map((d) => (d === -1 ? total / known : d));
  }
  if ((op === 'Squeeze' || op === 'Unsqueeze') && x) {
    const axes = attrInts(node, 'axes') ?? constantInts(node.input[1] ?? '', constants);
    if (op === 'Squeeze') {
      const drop = new Set((axes ?? x.map((d, i) => (d === 1 ? i : -1))).map((a) => (a < 0 ? a + x.length : a)));
      return x.filter((_, i) => !drop.has(i));
    }
    if (!axes) return null;
    const out = [...x];
    for (const a of [...axes].map((v) => (v < 0 ? v + x.length + axes.length : v)).sort((p, q) => p - q))
      out.splice(a, 0, 1);
    return out;
  }
  if (op === 'Concat') {
    if (shapes.some((s) => s === null)) return null;
    const axis = attrInt(node, 'axis', 1);
    const a = axis < 0 ? axis + x!.length : axis;
    return x!.map((d, i) => (i === a ? shapes.reduce((sum, s) => sum + s![a], 0) : d));
  }
  if (ELEMENTWISE.has(op) || SAME_SHAPE.has(op)) return shapes.find((s) => s !== null && s.length === x?.length) ?? x;
  return null;
}

export const ELEMENTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Sum', 'Max', 'Min', 'Mean']);
export const SAME_SHAPE = new Set([
  'Relu',
  'Clip',
  'LeakyRelu',
  'PRelu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'Elu',
  'Selu',
  'Softplus',
  'Identity',
  'Dropout',
  'BatchNormalization',
  'Softmax',
  'LogSoftmax',
]);

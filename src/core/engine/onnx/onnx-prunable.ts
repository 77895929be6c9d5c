// The prunable weights of an ONNX graph: Conv kernels (grouped and depthwise included) and the Gemm
// or MatMul weights that are float32 initializers. They keep the initializer's name; the module
// path from the exporter's node scope ('/layer1/layer1.0/conv1/Conv' → 'layer1.0.conv1.weight') is
// an alias, which matters when the exporter folded BatchNorm into the conv ('onnx::Conv_62').
import type { PrunableTensor, TensorAxes, TensorRole } from '../../types';
import { OnnxModelError } from './onnx-errors';
import { attrInt, nodeLabel, type ModelProto, type NodeProto, type TensorProto } from './onnx-model';
import { FLOAT32, dataTypeName, tensorDims } from './onnx-tensor-data';

export interface OnnxPrunableTensor extends PrunableTensor {
  role: TensorRole;
  axes: TensorAxes;
  /** the node's output is the model's output (the classifier): structured pruning leaves it out */
  feedsOutput: boolean;
  /** PyTorch-style module path of the source node, when the exporter named it by scope */
  alias?: string;
}

/** 'layer1.0.conv1' from '/layer1/layer1.0/conv1/Conv'; null for names without a scope. */
export function modulePath(nodeName: string): string | null {
  const parts = nodeName.split('/').filter(Boolean);
  if (parts.length < 2) return null;
  // a child of a Sequential is scoped as 'parent.index' after its parent's own segment
  const path: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (path.length && p.startsWith(`${path[path.length - 1]}.`)) path[path.length - 1] = p;
    else path.push(p);
  }
  return path.length ? path.join('.') : null;
}

/** Where output and input channels sit in a prunable weight of this node. */
function weightLayout(node: NodeProto, dims: number[]): { role: TensorRole; axes: TensorAxes } | null {
  if (node.opType === 'Conv' && dims.length === 4) {
    const group = attrInt(node, 'group', 1);
    // depthwise: one input channel per group, C_out = m · group (m, the depth multiplier, may exceed 1)
    const role: TensorRole = group > 1 && dims[1] === 1 && dims[0] % group === 0 ? 'depthwise' : 'conv';
    return { role, axes: { out: 0, in: 1, spatial: [2, 3] } };
  }
  if (node.opType === 'Gemm' && dims.length === 2) {
    if (attrInt(node, 'transA', 0) !== 0) return null;
    const transB = attrInt(node, 'transB', 0) !== 0;
    return { role: 'dense', axes: transB ? { out: 0, in: 1, spatial: [] } : { out: 1, in: 0, spatial: [] } };
  }
  if (node.opType === 'MatMul' && dims.length === 2) return { role: 'dense', axes: { out: 1, in: 0, spatial: [] } };
  return null;
}

/** The prunable tensors in node order; a prunable weight that is not float32 is refused by name. */
export function onnxPrunableTensors(model: ModelProto): OnnxPrunableTensor[] {
  const graph = model.graph!;
  const inits = new Map<string, TensorProto>(graph.initializer.map((t) => [t.name, t]));
  const out: OnnxPrunableTensor[] = [];
  const seen = new Set<string>();
  const outputs = new Set(graph.output.map((o) => o.name));
  for (const node of graph.node) {
    const t = inits.get(node.input[1] ?? '');
    if (!t || seen.has(t.name)) continue;
    const dims = tensorDims(t);
    const layout = weightLayout(node, dims);
    if (!layout) continue;
    if (t.dataType !== FLOAT32)
      throw new OnnxModelError(
        `Weight '${t.name}' of ${nodeLabel(node)} is ${dataTypeName(t.dataType)}; the lab prunes float32 ` +
          `weights. Export the model in float32 (no .half(), no quantization) and open it again.`,
      );
    seen.add(t.name);
    const path = modulePath(node.name);
    const alias = path ? `${path}.weight` : undefined;
    out.push({
      name: t.name,
      layerName: node.name || node.output[0],
      layerClass: node.opType,
      kind: layout.role === 'dense' ? 'dense' : 'conv2d',
      shape: dims,
      size: dims.reduce((a, b) => a * b, 1),
      role: layout.role,
      axes: layout.axes,
      feedsOutput: outputs.has(node.output[0]),
      ...(alias && alias !== t.name ? { alias } : {}),
    });
  }
  return out;
}

/** Moves a weight into TF.js layout ([kh, kw, in, out] or [in, out]), where the pruning functions work. */
export function toTfjsLayout(values: Float32Array, shape: readonly number[], axes: TensorAxes): Float32Array {
  return permute(values, shape, [...axes.spatial, axes.in, axes.out]);
}

/** The inverse of toTfjsLayout, for masks and weights computed in TF.js layout. */
export function fromTfjsLayout<T extends Float32Array | Uint8Array>(
  values: T,
  shape: readonly number[],
  axes: TensorAxes,
): T {
  const order = [...axes.spatial, axes.in, axes.out];
  const inverse = order.map((_, i) => order.indexOf(i));
  return permute(
    values,
    order.map((a) => shape[a]),
    inverse,
  );
}

/** out[j0, j1, ...] = values[...] with out axis k = source axis order[k]. */
function permute<T extends Float32Array | Uint8Array>(values: T, shape: readonly number[], order: number[]): T {
  const rank = shape.length;
  const strides = new Array<number>(rank);
  for (let k = rank - 1, s = 1; k >= 0; k--) [strides[k], s] = [s, s * shape[k]];
  const outShape = order.map((a) => shape[a]);
  const out = new (values.constructor as new (n: number) => T)(values.length);
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < values.length; i++) {
    let src = 0;
    for (let k = 0; k < rank; k++) src += idx[k] * strides[order[k]];
    out[i] = values[src];
    for (let k = rank - 1; k >= 0 && ++idx[k] === outShape[k]; k--) idx[k] = 0;
  }
  return out;
}

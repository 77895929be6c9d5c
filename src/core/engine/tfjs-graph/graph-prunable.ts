// The prunable weights of a TF.js graph model, found by walking its GraphDef: the kernels of
// Conv2D, DepthwiseConv2dNative and MatMul (also in the converter's fused forms) that are Const
// nodes, possibly behind an Identity.
import type { PrunableTensor, TensorAxes, TensorRole } from '../../types';

export interface GraphNodeJson {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { b?: boolean; list?: { i?: string[] } }>;
}

export type GraphPrunableTensor = PrunableTensor;

const CONV = new Set(['Conv2D', '_FusedConv2D']);
const DEPTHWISE = new Set(['DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative']);
const MATMUL = new Set(['MatMul', '_FusedMatMul']);

/** 'conv/kernel' from 'conv/kernel:0' or '^conv/kernel'. */
function nodeOf(input: string): string {
  return input.replace(/^\^/, '').replace(/:\d+$/, '');
}

/** Prunable kernels in node order, named by their weight-map entry. */
export function graphPrunableTensors(
  nodes: readonly GraphNodeJson[],
  weightShapes: ReadonlyMap<string, number[]>,
): GraphPrunableTensor[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const constant = (input: string): string | null => {
    let node = byName.get(nodeOf(input));
    while (node && node.op === 'Identity' && node.input?.length) node = byName.get(nodeOf(node.input[0]));
    return node && node.op === 'Const' && weightShapes.has(node.name) ? node.name : null;
  };
  const out: GraphPrunableTensor[] = [];
  const seen = new Set<string>();
  /** the prunable tensor of each producing node (Conv2D, MatMul, ...) */
  const nodeOfTensor = new Map<string, GraphPrunableTensor>();
  for (const node of nodes) {
    const weight = node.input?.[1] ? constant(node.input[1]) : null;
    if (!weight || seen.has(weight)) continue;
    const shape = weightShapes.get(weight)!;
    let role: TensorRole;
    let axes: TensorAxes;
    if (CONV.has(node.op) && shape.length === 4) [role, axes] = ['conv', { out: 3, in: 2, spatial: [0, 1] }];
    // [kh, kw, in, multiplier]: channel c of the input makes outputs c * multiplier ..
    else if (DEPTHWISE.has(node.op) && shape.length === 4)
      [role, axes] = ['depthwise', { out: 2, in: 3, spatial: [0, 1] }];
    else if (MATMUL.has(node.op) && shape.length === 2) {
      const transposed = node.attr?.transpose_b?.b === true;
      [role, axes] = ['dense', transposed ? { out: 0, in: 1, spatial: [] } : { out: 1, in: 0, spatial: [] }];
    } else continue;
    seen.add(weight);
    out.push({
      name: weight,
      layerName: node.name,
      layerClass: node.op,
      kind: role === 'dense' ? 'dense' : 'conv2d',
      shape,
      size: shape.reduce((a, b) => a * b, 1),
      role,
      axes,
      feedsOutput: false,
    });
    nodeOfTensor.set(node.name, out[out.length - 1]);
  }
  // The kernels whose outputs reach a graph output through parameter-free nodes only score the classes.
  const consumed = new Set(nodes.flatMap((n) => (n.input ?? []).map(nodeOf)));
  const pending = nodes.filter((n) => !consumed.has(n.name)).map((n) => n.name);
  const visited = new Set<string>();
  while (pending.length) {
    const name = pending.pop()!;
    if (visited.has(name)) continue;
    visited.add(name);
    const tensor = nodeOfTensor.get(name);
    if (tensor) tensor.feedsOutput = true;
    else for (const input of byName.get(name)?.input ?? []) pending.push(nodeOf(input));
  }
  return out;
}

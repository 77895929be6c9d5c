// Thinning an ONNX model: the removed filters' weights are cut out of every tensor they live in
// (Conv and Gemm kernels and biases, BatchNorm parameters, depthwise kernels with their group count,
// per-channel constants), so the file is physically smaller and computes what the masked model does.
import type { FilterRemoval } from '../../graph';
import type { OnnxChannelGraph } from './onnx-channel-types';
import { removalCuts } from './onnx-channel-masks';
import { OnnxModelError } from './onnx-errors';
import { cloneModel, int64, type ModelProto } from './onnx-model';
import { readFloat32, tensorDims, writeFloat32 } from './onnx-tensor-data';

/** Keeps, along `axis`, only the indices not in `drop`. */
export function sliceAxis(values: Float32Array, shape: readonly number[], axis: number, drop: Set<number>) {
  const keep = Array.from({ length: shape[axis] }, (_, i) => i).filter((i) => !drop.has(i));
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = new Float32Array(outer * keep.length * inner);
  let o = 0;
  for (let b = 0; b < outer; b++)
    for (const k of keep) {
      const base = (b * shape[axis] + k) * inner;
      out.set(values.subarray(base, base + inner), o);
      o += inner;
    }
  const newShape = [...shape];
  newShape[axis] = keep.length;
  return { values: out, shape: newShape };
}

/** A copy of the model without the removed filters (validated against the graph first). */
export function thinOnnxModel(model: ModelProto, graph: OnnxChannelGraph, removed: FilterRemoval): ModelProto {
  const cuts = removalCuts(graph, removed);
  const thinned = cloneModel(model);
  const g = thinned.graph!;
  const inits = new Map(g.initializer.map((t) => [t.name, t]));
  for (const [name, cut] of cuts) {
    const t = inits.get(name);
    if (!t) throw new OnnxModelError(`Thinning needs '${name}' as an initializer; it is computed in the graph.`);
    let values = readFloat32(t);
    let shape = tensorDims(t);
    for (const [axis, drop] of cut.axes) ({ values, shape } = sliceAxis(values, shape, axis, drop));
    writeFloat32(t, values, shape);
  }
  // a depthwise conv keeps one group (of m = C_out / C_in outputs) per remaining input channel
  for (const node of g.node) {
    const group = node.attribute.find((a) => a.name === 'group');
    const w = inits.get(node.input[1] ?? '');
    const cut = w && cuts.get(w.name);
    if (node.opType === 'Conv' && group && int64(group.i) > 1 && w && cut)
      group.i = int64(w.dims[0]) / (cut.shape[0] / int64(group.i));
  }
  // declared intermediate shapes are stale now; onnxruntime infers them again
  g.valueInfo = [];
  return thinned;
}

// onnxruntime-web cannot override an initializer at run time (feeding one fails with "invalid
// input"), so the session's copy of the model declares every prunable initializer as a graph input
// instead: one InferenceSession then serves every evaluation and each run feeds the masked weights.
import { cloneModel, createMessage, encodeModel, type ModelProto, type ValueInfoProto } from './onnx-model';
import { FLOAT32, tensorDims } from './onnx-tensor-data';

/** The model's bytes with the named initializers moved to graph inputs (the model itself is unchanged). */
export function weightsAsInputs(model: ModelProto, names: readonly string[]): Uint8Array {
  const copy = cloneModel(model);
  const graph = copy.graph!;
  const wanted = new Set(names);
  const moved = graph.initializer.filter((t) => wanted.has(t.name));
  graph.initializer = graph.initializer.filter((t) => !wanted.has(t.name));
  // IR < 4 also lists initializers among the inputs: keep one declaration per name
  graph.input = graph.input.filter((v) => !wanted.has(v.name));
  for (const t of moved) {
    graph.input.push(
      createMessage<ValueInfoProto>('ValueInfoProto', {
        name: t.name,
        type: {
          tensorType: { elemType: FLOAT32, shape: { dim: tensorDims(t).map((d) => ({ dimValue: d })) } },
        },
      }),
    );
  }
  return encodeModel(copy);
}

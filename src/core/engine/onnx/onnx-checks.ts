// What the engine needs of a graph before it opens it: an opset onnxruntime-web runs, one data input
// and one output, and an input whose sizes past the batch are fixed numbers.
import { OnnxModelError } from './onnx-errors';
import { int64, type ModelProto, type ValueInfoProto } from './onnx-model';

/** The default-domain opsets onnxruntime-web 1.30 runs on its wasm execution provider. */
export const OPSET_RANGE = { min: 7, max: 23 } as const;

export interface GraphInput {
  name: string;
  /** including the batch dimension, which may be null (symbolic) */
  shape: (number | null)[];
}

function shapeOf(v: ValueInfoProto): (number | string | null)[] | null {
  const dims = v.type?.tensorType?.shape?.dim;
  if (!dims) return null;
  return dims.map((d) =>
    d.dimParam ? d.dimParam : d.dimValue !== undefined && d.dimValue !== null ? int64(d.dimValue) : null,
  );
}

export function defaultOpset(model: ModelProto): number {
  const entry = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  return entry ? int64(entry.version) : 1;
}

/** The graph's data inputs: declared inputs that are not initializers (IR < 4 lists both). */
export function dataInputs(model: ModelProto): ValueInfoProto[] {
  const init = new Set(model.graph!.initializer.map((t) => t.name));
  return model.graph!.input.filter((v) => !init.has(v.name));
}

/** Refuses what the engine cannot evaluate; returns the single input with its shape. */
export function checkModel(model: ModelProto, fileName = 'model.onnx'): GraphInput {
  const opset = defaultOpset(model);
  if (opset < OPSET_RANGE.min || opset > OPSET_RANGE.max)
    throw new OnnxModelError(
      `${fileName} uses ONNX opset ${opset}; onnxruntime-web runs opsets ${OPSET_RANGE.min} to ${OPSET_RANGE.max}. ` +
        `Re-export it with opset_version between those (e.g. torch.onnx.export(..., opset_version=17)).`,
    );
  const inputs = dataInputs(model);
  const outputs = model.graph!.output;
  if (inputs.length !== 1 || outputs.length !== 1) {
    const list = (vs: ValueInfoProto[]) => vs.map((v) => `'${v.name}'`).join(', ') || 'none';
    throw new OnnxModelError(
      `${fileName} has ${inputs.length} input(s) (${list(inputs)}) and ${outputs.length} output(s) ` +
        `(${list(outputs)}); the lab evaluates models with one image input and one output.`,
    );
  }
  const shape = shapeOf(inputs[0]);
  if (!shape) throw new OnnxModelError(`${fileName}: input '${inputs[0].name}' has no declared shape.`);
  const dynamic = shape.map((d, i) => ({ d, i })).filter(({ d, i }) => i > 0 && typeof d !== 'number');
  if (dynamic.length)
    throw new OnnxModelError(
      `${fileName}: input '${inputs[0].name}' has dynamic size(s) ` +
        `${dynamic.map(({ d, i }) => `'${d ?? '?'}' (axis ${i})`).join(', ')} ` +
        `beyond the batch axis; the lab needs fixed channel and spatial sizes. Re-export with a fixed input ` +
        `shape (only the batch axis in dynamic_axes).`,
    );
  return { name: inputs[0].name, shape: shape.map((d) => (typeof d === 'number' ? d : null)) };
}

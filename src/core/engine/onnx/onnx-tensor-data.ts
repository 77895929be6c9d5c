// Initializer values in and out. The lab prunes float32 weights; a prunable weight stored in
// another type is refused by name (float16 and int8 would change the arithmetic the masks are
// checked against). External data (`location`/`offset`/`length` into a side file) is read into the
// tensor once at load time, so the rest of the engine sees self-contained tensors.
import { OnnxModelError } from './onnx-errors';
import { int64, type ModelProto, type TensorProto } from './onnx-model';
import { shapeSize } from '../memory-budget';

export const DATA_TYPE_NAMES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
};
export const FLOAT32 = 1;
const EXTERNAL = 1;

export function dataTypeName(dataType: number): string {
  return DATA_TYPE_NAMES[dataType] ?? `type ${dataType}`;
}

export function tensorDims(t: TensorProto): number[] {
  return t.dims.map(int64);
}

/** A float32 initializer's values (a copy). */
export function readFloat32(t: TensorProto): Float32Array {
  if (t.dataType !== FLOAT32)
    throw new OnnxModelError(
      `Weight '${t.name}' is ${dataTypeName(t.dataType)}; the lab prunes float32 weights. Convert the model ` +
        `to float32 (e.g. export it from PyTorch without .half() or quantization) and open it again.`,
    );
  if (t.dataLocation === EXTERNAL)
    throw new OnnxModelError(`Weight '${t.name}' lives in an external data file that was not read.`);
  const n = tensorDims(t).reduce((a, b) => a * b, 1);
  if (t.rawData && t.rawData.byteLength > 0) {
    if (t.rawData.byteLength !== n * 4)
      throw new OnnxModelError(`Weight '${t.name}' holds ${t.rawData.byteLength} bytes, expected ${n * 4}.`);
    // in Node the decoded bytes are a view into a pooled buffer: copy before viewing them as floats
    return new Float32Array(Uint8Array.prototype.slice.call(t.rawData).buffer);
  }
  if (t.floatData.length !== n)
    throw new OnnxModelError(`Weight '${t.name}' holds ${t.floatData.length} values, expected ${n}.`);
  return Float32Array.from(t.floatData);
}

/** Replaces a float32 initializer's values (and shape, when given), stored as raw little-endian bytes. */
export function writeFloat32(t: TensorProto, values: Float32Array, dims?: number[]): void {
  if (dims) t.dims = [...dims];
  const n = tensorDims(t).reduce((a, b) => a * b, 1);
  if (values.length !== n)
    throw new OnnxModelError(`Weight '${t.name}' takes ${n} values, ${values.length} were given.`);
  t.dataType = FLOAT32;
  t.rawData = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  t.floatData = [];
}

function entry(t: TensorProto, key: string): string | undefined {
  return t.externalData.find((e) => e.key === key)?.value;
}

/** Weight values the initializers declare: their dims, or an external tensor's byte length over 4 when larger. */
export function declaredValues(model: ModelProto): number {
  let n = 0;
  for (const t of model.graph?.initializer ?? []) {
    const length = t.dataLocation === EXTERNAL ? Number(entry(t, 'length') ?? 0) / 4 : 0;
    n += Math.max(shapeSize(tensorDims(t)), Number.isFinite(length) ? length : 0);
  }
  return n;
}

/** Names of the external data files a model refers to. */
export function externalDataFiles(model: ModelProto): string[] {
  const names = new Set<string>();
  for (const t of model.graph?.initializer ?? [])
    if (t.dataLocation === EXTERNAL) names.add(entry(t, 'location') ?? '');
  return [...names];
}

/**
 * Reads every externally stored initializer from its side file into the tensor. A missing file is
 * refused with its name; a file too short for a tensor's offset and length is called truncated.
 */
export function inlineExternalData(model: ModelProto, files: Map<string, Uint8Array>): void {
  for (const t of model.graph?.initializer ?? []) {
    if (t.dataLocation !== EXTERNAL) continue;
    const location = entry(t, 'location') ?? '';
    const bytes = files.get(location) ?? files.get(location.split('/').pop() ?? '');
    if (!bytes)
      throw new OnnxModelError(
        `Weight '${t.name}' is stored in the external data file '${location}', which was not given: ` +
          `open the .onnx file together with '${location}'.`,
      );
    const offset = Number(entry(t, 'offset') ?? 0);
    const size = entry(t, 'length');
    const end = size === undefined ? bytes.byteLength : offset + Number(size);
    if (end > bytes.byteLength || offset > bytes.byteLength)
      throw new OnnxModelError(
        `External data file '${location}' is truncated: weight '${t.name}' needs bytes ${offset}..${end}, ` +
          `the file has ${bytes.byteLength}.`,
      );
    t.rawData = Uint8Array.prototype.slice.call(bytes, offset, end);
    t.externalData = [];
    t.dataLocation = 0;
  }
}

// ModelProto in and out: protobufjs over the schema in onnx-schema.ts, unknown fields kept. The
// interfaces name only what the lab reads; int64 fields arrive as Long and may be set as numbers.
import type Long from 'long';
import protobuf from 'protobufjs/light.js';
import { OnnxModelError } from './onnx-errors';
import { onnxSchema } from './onnx-schema';
import { keepUnknownFields } from './onnx-unknown-fields';

export type Int64 = number | Long;

export interface StringStringEntry {
  key: string;
  value: string;
}

export interface TensorProto {
  name: string;
  dims: Int64[];
  dataType: number;
  rawData: Uint8Array;
  floatData: number[];
  int32Data: number[];
  int64Data: Int64[];
  doubleData: number[];
  externalData: StringStringEntry[];
  dataLocation: number;
}

export interface Dimension {
  dimValue?: Int64;
  dimParam?: string;
}

export interface ValueInfoProto {
  name: string;
  type?: { tensorType?: { elemType: number; shape?: { dim: Dimension[] } | null } | null } | null;
}

export interface AttributeProto {
  name: string;
  type: number;
  f: number;
  i: Int64;
  s: Uint8Array;
  t?: TensorProto | null;
  ints: Int64[];
  floats: number[];
}

export interface NodeProto {
  name: string;
  opType: string;
  domain: string;
  input: string[];
  output: string[];
  attribute: AttributeProto[];
}

export interface GraphProto {
  name: string;
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  valueInfo: ValueInfoProto[];
}

export interface ModelProto {
  irVersion: Int64;
  opsetImport: { domain: string; version: Int64 }[];
  producerName: string;
  producerVersion: string;
  graph?: GraphProto | null;
}

const root = protobuf.Root.fromJSON(onnxSchema);
keepUnknownFields(root);
const modelType = root.lookupType('onnx.ModelProto');

/** A message of the schema built from plain values (so repeated fields are real, writable arrays). */
export function createMessage<T>(typeName: string, fields: Partial<T>): T {
  return root.lookupType(`onnx.${typeName}`).create(fields as Record<string, unknown>) as unknown as T;
}

/** An int64 field as a JavaScript number. */
export function int64(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** Parses an .onnx file; a truncated or foreign file is refused with what was found. */
export function decodeModel(bytes: Uint8Array, fileName = 'model.onnx'): ModelProto {
  let model: ModelProto;
  try {
    model = modelType.decode(bytes) as unknown as ModelProto;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new OnnxModelError(
      `${fileName} is truncated or is not an ONNX model (${bytes.byteLength} bytes; the protobuf reader ` +
        `stopped with "${detail}"). Export or copy the file again.`,
    );
  }
  if (!model.graph || model.graph.node.length === 0)
    throw new OnnxModelError(`${fileName} holds no ONNX graph: it is not an ONNX model, or it was cut short.`);
  return model;
}

export function encodeModel(model: ModelProto): Uint8Array {
  return modelType.encode(model as unknown as protobuf.Message).finish();
}

/** An independent copy (edits to it leave the original alone). */
export function cloneModel(model: ModelProto): ModelProto {
  return modelType.decode(encodeModel(model)) as unknown as ModelProto;
}

/** The value of a node attribute (int, ints, float), or the fallback. */
export function attrInt(node: NodeProto, name: string, fallback: number): number {
  const a = node.attribute.find((x) => x.name === name);
  return a ? int64(a.i) : fallback;
}

export function attrInts(node: NodeProto, name: string): number[] | null {
  const a = node.attribute.find((x) => x.name === name);
  return a ? a.ints.map(int64) : null;
}

export function attrString(node: NodeProto, name: string): string | null {
  const a = node.attribute.find((x) => x.name === name);
  return a ? new TextDecoder().decode(a.s) : null;
}

/** A node's label in messages: its name and op. */
export function nodeLabel(node: NodeProto): string {
  return `'${node.name || node.output[0]}' (${node.opType})`;
}

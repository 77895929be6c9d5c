// protobufjs skips fields its schema does not name, and drops them on re-encode. ONNX files carry
// fields the lab's schema leaves out (training info, functions, newer additions), so every message
// type here remembers its unknown fields as decoded values and writes them back after its known
// fields. Reading and writing the values is protobufjs' own Reader/Writer.
import Long from 'long';
import protobuf from 'protobufjs/light.js';

const { Reader, Writer } = protobuf;

// int64 fields (dims, versions, unknown varints) decode exactly, in Node and in a bundle alike
protobuf.util.Long = Long;
protobuf.configure();

interface UnknownField {
  tag: number;
  value: Long | Uint8Array | number;
}

const unknownFields = new WeakMap<object, UnknownField[]>();

/** Unknown fields of one message (for tests and diagnostics). */
export function unknownFieldCount(message: object): number {
  return unknownFields.get(message)?.length ?? 0;
}

function scanUnknown(type: protobuf.Type, buf: Uint8Array, start: number, end: number): UnknownField[] {
  const reader = Reader.create(buf.subarray(start, end));
  const found: UnknownField[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    if (type.fieldsById[tag >>> 3]) {
      reader.skipType(wireType);
      continue;
    }
    if (wireType === 0) found.push({ tag, value: reader.uint64() as Long });
    else if (wireType === 1) found.push({ tag, value: reader.fixed64() as Long });
    else if (wireType === 2) found.push({ tag, value: Uint8Array.prototype.slice.call(reader.bytes()) });
    else if (wireType === 5) found.push({ tag, value: reader.fixed32() });
    else throw new Error(`protobuf groups (wire type ${wireType}) are not supported in ${type.name}`);
  }
  return found;
}

function writeUnknown(writer: protobuf.Writer, fields: UnknownField[]): void {
  for (const { tag, value } of fields) {
    writer.uint32(tag);
    const wireType = tag & 7;
    if (wireType === 0) writer.uint64(value as Long);
    else if (wireType === 1) writer.fixed64(value as Long);
    else if (wireType === 2) writer.bytes(value as Uint8Array);
    else writer.fixed32(value as number);
  }
}

type Decode = (
  this: protobuf.Type,
  r: protobuf.Reader | Uint8Array,
  l?: number,
  e?: number,
  n?: number,
) => protobuf.Message;
type Encode = (this: protobuf.Type, m: protobuf.Message, w?: protobuf.Writer) => protobuf.Writer;

/** Makes every message type of a namespace keep its unknown fields through decode and encode. */
export function keepUnknownFields(namespace: protobuf.Namespace): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) patchType(nested);
    if (nested instanceof protobuf.Namespace) keepUnknownFields(nested);
  }
}

function patchType(type: protobuf.Type): void {
  type.setup(); // generates decode/encode; nested messages call these through the Type objects
  const decode = type.decode as unknown as Decode;
  const encode = type.encode as unknown as Encode;
  (type as unknown as { decode: Decode }).decode = function (r, l, e, n) {
    const reader = r instanceof Reader ? r : Reader.create(r);
    const start = reader.pos;
    const message = decode.call(this, reader, l, e, n);
    const unknown = scanUnknown(type, reader.buf, start, reader.pos);
    if (unknown.length) unknownFields.set(message, unknown);
    return message;
  };
  (type as unknown as { encode: Encode }).encode = function (m, w) {
    const writer = encode.call(this, m, w ?? Writer.create());
    const unknown = unknownFields.get(m);
    if (unknown) writeUnknown(writer, unknown);
    return writer;
  };
}

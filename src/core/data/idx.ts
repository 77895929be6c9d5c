// idx files (LeCun's MNIST format, also Fashion-MNIST): a big-endian header
//   0x00 0x00 <type> <ndims>  then ndims uint32 sizes  then the data, row-major.
// Only type 0x08 (unsigned byte) is accepted: images and labels are stored that way.
// Parsing streams: the header is read first, then exactly product(dims) bytes are
// allocated and filled chunk by chunk, so a 47 MB training set is never held twice.
import type { LabelledImages } from '../types';

export class DataFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataFormatError';
  }
}

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export type IdxSource = ReadableStream<Uint8Array> | Uint8Array | ArrayBuffer;

const IDX_TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};
const UNSIGNED_BYTE = 0x08;
const MAX_DIMS = 4;
// Larger than any plausible image set, small enough that a bogus header fails fast instead of allocating.
const MAX_DATA_BYTES = 2 ** 31 - 1;
// A stream's data buffer starts at this size and doubles as bytes arrive (the header alone allocates nothing large).
const STREAM_FIRST_BYTES = 2 ** 20;

function hex(byte: number): string {
  return '0x' + byte.toString(16).padStart(2, '0');
}

/** Validates the 4-byte magic; returns ndims. */
function checkMagic(magic: Uint8Array, what: string): number {
  if (magic[0] !== 0 || magic[1] !== 0) {
    throw new DataFormatError(
      `${what}: not an idx file: the first two bytes must be 0x00 0x00, found ${hex(magic[0])} ${hex(magic[1])}`,
    );
  }
  const type = magic[2];
  if (type !== UNSIGNED_BYTE) {
    const name = IDX_TYPE_NAMES[type] ?? 'unknown type';
    throw new DataFormatError(
      `${what}: unsupported idx element type ${hex(type)} (${name}); only 0x08 (unsigned byte) is supported`,
    );
  }
  const ndims = magic[3];
  if (ndims < 1 || ndims > MAX_DIMS) {
    throw new DataFormatError(`${what}: idx header declares ${ndims} dimensions; expected 1 to ${MAX_DIMS}`);
  }
  return ndims;
}

/** Reads the dims from the bytes after the magic and validates them; returns dims and the data size. */
function readDims(bytes: Uint8Array, ndims: number, what: string): { dims: number[]; size: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 * i, false);
    if (d === 0) throw new DataFormatError(`${what}: idx dimension ${i} is 0; every dimension must be at least 1`);
    dims.push(d);
    size *= d;
  }
  if (size > MAX_DATA_BYTES) {
    throw new DataFormatError(`${what}: idx header declares ${dims.join('x')} = ${size} bytes, more than supported`);
  }
  return { dims, size };
}

function truncatedError(what: string, dims: number[], size: number, got: number): DataFormatError {
  return new DataFormatError(`${what}: idx data truncated: header says ${dims.join('x')} = ${size} bytes, got ${got}`);
}

function trailingError(what: string, dims: number[], size: number, extra: number): DataFormatError {
  return new DataFormatError(
    `${what}: ${extra} unexpected trailing bytes after the idx data (header says ${dims.join('x')} = ${size} bytes)`,
  );
}

function headerTruncatedError(what: string, need: number, got: number): DataFormatError {
  return new DataFormatError(`${what}: idx header truncated: needs ${need} bytes, file has ${got}`);
}

/** Parses an uncompressed idx file held in memory. The returned data is a copy. */
export function parseIdx(bytes: Uint8Array, what = 'idx file'): IdxArray {
  if (bytes.length < 4) throw headerTruncatedError(what, 4, bytes.length);
  const ndims = checkMagic(bytes, what);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) throw headerTruncatedError(what, headerLength, bytes.length);
  const { dims, size } = readDims(bytes.subarray(4, headerLength), ndims, what);
  const got = bytes.length - headerLength;
  if (got < size) throw truncatedError(what, dims, size, got);
  if (got > size) throw trailingError(what, dims, size, got - size);
  return { dims, data: bytes.slice(headerLength) };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** A stream that yields `head` and then the rest of `reader`. */
function prepend(head: Uint8Array, reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  let headSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headSent) {
        headSent = true;
        if (head.length > 0) {
          controller.enqueue(head);
          return;
        }
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function gunzip(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  // DecompressionStream's writable side is typed BufferSource; Uint8Array chunks are fine.
  return stream.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
}

/**
 * Incremental idx decoder: feed chunks, then finish(). Header errors surface as soon as the
 * header bytes arrive.
 */
class IdxStreamDecoder {
  private header = new Uint8Array(4 + 4 * MAX_DIMS);
  private headerFilled = 0;
  private headerLength = 4;
  private dims: number[] | null = null;
  private data: Uint8Array | null = null;
  /** the size the header declares; `data` grows towards it as bytes arrive */
  private size = 0;
  private filled = 0;
  private extra = 0;

  constructor(private readonly what: string) {}

  push(chunk: Uint8Array): void {
    let pos = 0;
    while (pos < chunk.length && this.data === null) {
      const take = Math.min(this.headerLength - this.headerFilled, chunk.length - pos);
      this.header.set(chunk.subarray(pos, pos + take), this.headerFilled);
      this.headerFilled += take;
      pos += take;
      this.advanceHeader();
    }
    if (pos >= chunk.length || this.data === null) return;
    const take = Math.min(this.size - this.filled, chunk.length - pos);
    this.reserve(this.filled + take);
    this.data.set(chunk.subarray(pos, pos + take), this.filled);
    this.filled += take;
    this.extra += chunk.length - pos - take;
    if (this.extra > 0) throw trailingError(this.what, this.dims!, this.size, this.extra);
  }

  /** Grows `data` (doubling, at most to the declared size) so that a header's claim costs nothing until the bytes come. */
  private reserve(length: number): void {
    const data = this.data!;
    if (length <= data.length) return;
    const grown = new Uint8Array(Math.min(this.size, Math.max(length, 2 * data.length)));
    grown.set(data.subarray(0, this.filled));
    this.data = grown;
  }

  private advanceHeader(): void {
    if (this.headerFilled < this.headerLength) return;
    if (this.headerLength === 4) {
      const ndims = checkMagic(this.header, this.what);
      this.headerLength = 4 + 4 * ndims;
      if (this.headerFilled < this.headerLength) return;
    }
    const { dims, size } = readDims(this.header.subarray(4, this.headerLength), this.headerLength / 4 - 1, this.what);
    this.dims = dims;
    this.size = size;
    this.data = new Uint8Array(Math.min(size, STREAM_FIRST_BYTES));
  }

  finish(): IdxArray {
    if (this.data === null || this.dims === null) {
      // The magic may be complete while the dims are not: report the length known so far.
      throw headerTruncatedError(this.what, this.headerLength, this.headerFilled);
    }
    if (this.filled < this.size) throw truncatedError(this.what, this.dims, this.size, this.filled);
    return { dims: this.dims, data: this.data };
  }
}

async function decodeStream(stream: ReadableStream<Uint8Array>, what: string, gzipped: boolean): Promise<IdxArray> {
  const reader = stream.getReader();
  const decoder = new IdxStreamDecoder(what);
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (err) {
        if (gzipped) {
          const detail = err instanceof Error ? err.message : String(err);
          throw new DataFormatError(`${what}: corrupt gzip data (${detail})`, { cause: err });
        }
        throw err;
      }
      if (result.done) break;
      decoder.push(result.value);
    }
  } catch (err) {
    reader.cancel().catch(() => undefined);
    throw err;
  }
  return decoder.finish();
}

/** Reads the first two bytes of a stream (for the gzip magic) without losing them. */
async function peekTwo(
  stream: ReadableStream<Uint8Array>,
): Promise<{ head: Uint8Array; rest: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  const head = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    head.set(p, offset);
    offset += p.length;
  }
  return { head, rest: prepend(head, reader) };
}

/**
 * Reads an idx file, plain or gzip-compressed (detected by the 1f 8b magic), from bytes or a
 * stream (e.g. `fetch(url).body` or `file.stream()`).
 */
export async function readIdx(source: IdxSource, what = 'idx file'): Promise<IdxArray> {
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (source instanceof Uint8Array) {
    if (!isGzip(source)) return parseIdx(source, what);
    return decodeStream(gunzip(streamOf(source)), what, true);
  }
  const { head, rest } = await peekTwo(source);
  return isGzip(head) ? decodeStream(gunzip(rest), what, true) : decodeStream(rest, what, false);
}

/** Checks an images/labels pair and wraps it as LabelledImages (no copy). */
export function toLabelledImages(images: IdxArray, labels: IdxArray, numClasses = 10): LabelledImages {
  if (images.dims.length !== 3) {
    throw new DataFormatError(
      `images: expected a 3-D idx array [count, rows, cols], got ${images.dims.length}-D [${images.dims.join(', ')}]`,
    );
  }
  if (labels.dims.length !== 1) {
    throw new DataFormatError(
      `labels: expected a 1-D idx array [count], got ${labels.dims.length}-D [${labels.dims.join(', ')}]`,
    );
  }
  const [n, rows, cols] = images.dims;
  if (labels.dims[0] !== n) {
    throw new DataFormatError(`images and labels disagree on the count: ${n} images but ${labels.dims[0]} labels`);
  }
  const bad = labels.data.findIndex((label) => label >= numClasses);
  if (bad >= 0) {
    throw new DataFormatError(
      `labels: label at index ${bad} is ${labels.data[bad]}, expected a class index below ${numClasses}`,
    );
  }
  return { pixels: images.data, labels: labels.data, n, rows, cols, numClasses };
}

/** Reads an images file and a labels file (plain or gzipped) and checks they belong together. */
export async function loadIdxPair(
  imagesSrc: IdxSource,
  labelsSrc: IdxSource,
  names: { images?: string; labels?: string } = {},
  numClasses = 10,
): Promise<LabelledImages> {
  const [images, labels] = await Promise.all([
    readIdx(imagesSrc, names.images ?? 'images'),
    readIdx(labelsSrc, names.labels ?? 'labels'),
  ]);
  return toLabelledImages(images, labels, numClasses);
}

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataFormatError, loadIdxPair, parseIdx, readIdx, toLabelledImages } from './idx';

/** Builds an idx file by hand: magic 00 00 <type> <ndims>, big-endian uint32 dims, data. */
function idxBytes(dims: number[], data: number[], type = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, type, dims.length]);
  dims.forEach((d, i) => {
    out[4 + 4 * i] = (d >>> 24) & 0xff;
    out[5 + 4 * i] = (d >>> 16) & 0xff;
    out[6 + 4 * i] = (d >>> 8) & 0xff;
    out[7 + 4 * i] = d & 0xff;
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** A stream that hands out the bytes in chunks of 1..7 bytes (deterministic pattern). */
function chunkedStream(bytes: Uint8Array, seed = 3): ReadableStream<Uint8Array> {
  let pos = 0;
  let k = seed;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pos >= bytes.length) {
        controller.close();
        return;
      }
      k = (k * 5 + 1) % 7;
      const size = k + 1;
      controller.enqueue(bytes.slice(pos, pos + size));
      pos += size;
    },
  });
}

// 3 images of 2x3 pixels, values 0..17, labels 2, 0, 9
const IMAGE_DATA = Array.from({ length: 18 }, (_, i) => i * 14);
const IMAGES = idxBytes([3, 2, 3], IMAGE_DATA);
const LABELS = idxBytes([3], [2, 0, 9]);

describe('parseIdx', () => {
  it('reads dims (big-endian) and data', () => {
    const big = idxBytes(
      [258, 1],
      Array.from({ length: 258 }, (_, i) => i % 256),
    );
    const arr = parseIdx(big);
    expect(arr.dims).toEqual([258, 1]);
    expect(arr.data.length).toBe(258);
    expect(arr.data[257]).toBe(1);
    expect(parseIdx(IMAGES).dims).toEqual([3, 2, 3]);
    expect(Array.from(parseIdx(IMAGES).data)).toEqual(IMAGE_DATA);
  });

  it('reports data truncated by one byte with the header size', () => {
    expect(() => parseIdx(IMAGES.subarray(0, IMAGES.length - 1), 't10k-images')).toThrow(
      't10k-images: idx data truncated: header says 3x2x3 = 18 bytes, got 17',
    );
  });

  it('reports a truncated header', () => {
    expect(() => parseIdx(IMAGES.subarray(0, 10), 'x')).toThrow(/idx header truncated: needs 16 bytes, file has 10/);
    expect(() => parseIdx(new Uint8Array([0, 0]), 'x')).toThrow(/idx header truncated/);
  });

  it('rejects a bad magic', () => {
    const bad = IMAGES.slice();
    bad[0] = 0x42;
    expect(() => parseIdx(bad)).toThrow(DataFormatError);
    expect(() => parseIdx(bad)).toThrow(/first two bytes must be 0x00 0x00, found 0x42 0x00/);
  });

  it('rejects a non-ubyte element type and names it', () => {
    expect(() => parseIdx(idxBytes([1], [0, 0, 0, 0], 0x0d))).toThrow(/type 0x0d \(float32\)/);
    expect(() => parseIdx(idxBytes([1], [0], 0x09))).toThrow(/type 0x09 \(signed byte\)/);
  });

  it('rejects 0 or more than 4 dimensions and a zero-size dimension', () => {
    expect(() => parseIdx(idxBytes([], []))).toThrow(/declares 0 dimensions; expected 1 to 4/);
    expect(() => parseIdx(idxBytes([1, 1, 1, 1, 1], [7]))).toThrow(/declares 5 dimensions/);
    expect(() => parseIdx(idxBytes([2, 0], []))).toThrow(/dimension 1 is 0/);
  });

  it('rejects trailing garbage', () => {
    const extra = new Uint8Array(LABELS.length + 2);
    extra.set(LABELS);
    expect(() => parseIdx(extra, 'labels')).toThrow('labels: 2 unexpected trailing bytes after the idx data');
  });

  it('is a DataFormatError with its own name', () => {
    try {
      parseIdx(new Uint8Array([1, 2, 3, 4, 5]));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DataFormatError);
      expect((err as Error).name).toBe('DataFormatError');
    }
  });
});

describe('readIdx', () => {
  it('reads plain bytes, ArrayBuffers, gzipped bytes and streams identically', async () => {
    const gz = new Uint8Array(gzipSync(IMAGES));
    const expected = { dims: [3, 2, 3], data: new Uint8Array(IMAGE_DATA) };
    expect(await readIdx(IMAGES)).toEqual(expected);
    expect(await readIdx(IMAGES.slice().buffer)).toEqual(expected);
    expect(await readIdx(gz)).toEqual(expected);
    for (const seed of [0, 1, 2, 3, 4, 5, 6]) {
      expect(await readIdx(chunkedStream(IMAGES, seed))).toEqual(expected);
      expect(await readIdx(chunkedStream(gz, seed))).toEqual(expected);
    }
  });

  it('streams a larger gzipped file in tiny chunks', async () => {
    const data = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
    const gz = new Uint8Array(gzipSync(idxBytes([50, 10, 10], data)));
    const arr = await readIdx(chunkedStream(gz));
    expect(arr.dims).toEqual([50, 10, 10]);
    expect(Array.from(arr.data)).toEqual(data);
  });

  it('reports truncation, bad magic, wrong type and trailing bytes from streams and gzip', async () => {
    const cut = IMAGES.slice(0, IMAGES.length - 1);
    const msg = 'imgs: idx data truncated: header says 3x2x3 = 18 bytes, got 17';
    await expect(readIdx(chunkedStream(cut), 'imgs')).rejects.toThrow(msg);
    await expect(readIdx(new Uint8Array(gzipSync(cut)), 'imgs')).rejects.toThrow(msg);
    await expect(readIdx(chunkedStream(new Uint8Array(gzipSync(cut))), 'imgs')).rejects.toThrow(msg);

    const badMagic = IMAGES.slice();
    badMagic[1] = 3;
    await expect(readIdx(chunkedStream(badMagic))).rejects.toThrow(/found 0x00 0x03/);
    await expect(readIdx(chunkedStream(idxBytes([1], [1, 2, 3, 4], 0x0c)))).rejects.toThrow(/0x0c \(int32\)/);

    const extra = new Uint8Array(LABELS.length + 1);
    extra.set(LABELS);
    await expect(readIdx(chunkedStream(extra), 'l')).rejects.toThrow(/l: 1 unexpected trailing bytes/);
    await expect(readIdx(new Uint8Array(gzipSync(extra)), 'l')).rejects.toThrow(/1 unexpected trailing bytes/);
    await expect(readIdx(chunkedStream(IMAGES.slice(0, 9)), 'h')).rejects.toThrow(/h: idx header truncated/);
    await expect(readIdx(chunkedStream(new Uint8Array(0)), 'e')).rejects.toThrow(
      /e: idx header truncated: needs 4 bytes, file has 0/,
    );
  });

  it('wraps corrupt gzip data in a DataFormatError', async () => {
    const gz = new Uint8Array(gzipSync(IMAGES));
    const corrupt = gz.slice();
    for (let i = 10; i < corrupt.length - 8; i++) corrupt[i] ^= 0x5a;
    const err = await readIdx(corrupt, 'train-images').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toMatch(/^train-images: corrupt gzip data/);

    // Cut inside the compressed stream: either the gunzip or the idx length check must object.
    const cut = gz.slice(0, gz.length - 12);
    await expect(readIdx(cut, 'x')).rejects.toBeInstanceOf(DataFormatError);
  });
});

describe('toLabelledImages / loadIdxPair', () => {
  it('pairs images and labels', async () => {
    const ds = await loadIdxPair(chunkedStream(new Uint8Array(gzipSync(IMAGES))), LABELS);
    expect(ds.n).toBe(3);
    expect(ds.rows).toBe(2);
    expect(ds.cols).toBe(3);
    expect(ds.numClasses).toBe(10);
    expect(Array.from(ds.labels)).toEqual([2, 0, 9]);
    expect(Array.from(ds.pixels)).toEqual(IMAGE_DATA);
  });

  it('reports the first out-of-range label', () => {
    const images = parseIdx(IMAGES);
    const labels = parseIdx(idxBytes([3], [1, 10, 12]));
    expect(() => toLabelledImages(images, labels)).toThrow(
      'labels: label at index 1 is 10, expected a class index below 10',
    );
    expect(() => toLabelledImages(images, parseIdx(LABELS), 5)).toThrow(/index 2 is 9, expected a class index below 5/);
  });

  it('reports a count mismatch and wrong ranks', () => {
    const images = parseIdx(IMAGES);
    expect(() => toLabelledImages(images, parseIdx(idxBytes([2], [1, 1])))).toThrow(
      'images and labels disagree on the count: 3 images but 2 labels',
    );
    expect(() => toLabelledImages(parseIdx(LABELS), parseIdx(LABELS))).toThrow(/expected a 3-D idx array/);
    expect(() => toLabelledImages(images, images)).toThrow(/labels: expected a 1-D idx array/);
  });

  it('names the failing file', async () => {
    await expect(loadIdxPair(IMAGES, IMAGES.slice(0, 3), { images: 'a.idx', labels: 'b.idx' })).rejects.toThrow(
      /^b\.idx: idx header truncated/,
    );
  });
});

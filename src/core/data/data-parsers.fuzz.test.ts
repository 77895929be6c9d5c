// Property-based tests of the dataset readers: every input either gives consistent LabelledImages or
// a DataFormatError naming the file; a header's claimed size is never allocated before the bytes exist.
import { gzipSync, zipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCleanRefusal, fuzzParams, fuzzTimeout, type CaseOf, parsesOrRefuses } from '../fuzz/fuzz-settings';
import type { LabelledImages } from '../types';
import { readCifar } from './cifar';
import { readCsvTable } from './csv-table';
import { DataFormatError, parseIdx, readIdx } from './idx';
import { readNumpy } from './numpy';
import { readZip } from './zip';

function u32be(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function checkImages(img: LabelledImages): void {
  const per = img.rows * img.cols * (img.channels ?? 1);
  for (const v of [img.n, img.rows, img.cols, img.channels ?? 1, img.numClasses])
    expect(Number.isInteger(v) && v >= 0).toBe(true);
  expect((img.values ?? img.pixels).length).toBe(img.n * per);
  expect(img.labels.length).toBe(img.n);
  if (img.labelled !== false) for (const l of img.labels) expect(l).toBeLessThan(img.numClasses);
}

function streamOf(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let pos = 0;
  return new ReadableStream({
    pull(c) {
      if (pos >= bytes.length) c.close();
      else c.enqueue(bytes.slice(pos, (pos += chunk)));
    },
  });
}

const idxFile = fc
  .record({
    type: fc.constantFrom(0x08, 0x08, 0x08, 0x09, 0x0d, 0x42),
    ndims: fc.integer({ min: 0, max: 6 }),
    dims: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(2 ** 31, 2 ** 32 - 1, 60000)), {
      minLength: 6,
      maxLength: 6,
    }),
    extra: fc.integer({ min: -8, max: 4 }),
    cut: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ type, ndims, dims, extra, cut }) => {
    const used = dims.slice(0, ndims);
    const size = used.reduce((a, b) => a * b, 1);
    const length = Math.max(0, Math.min(size, 512) + extra);
    const bytes = new Uint8Array([0, 0, type, ndims, ...used.flatMap(u32be), ...new Array(length).fill(7)]);
    return cut > 36 ? bytes.subarray(0, cut - 36) : bytes;
  });

function checkIdx(v: { dims: number[]; data: Uint8Array }): void {
  expect(v.dims.length).toBeGreaterThanOrEqual(1);
  expect(v.data.length).toBe(v.dims.reduce((a, b) => a * b, 1));
}

describe('idx', () => {
  it(
    'parseIdx and readIdx (bytes, chunked stream, gzip) agree: a value of the declared size or a named refusal',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(idxFile, fc.uint8Array({ maxLength: 40 })), async (bytes) => {
          const results = await Promise.all([
            parsesOrRefuses(() => parseIdx(bytes, 'a.idx'), [DataFormatError], 'a.idx', checkIdx),
            parsesOrRefuses(() => readIdx(streamOf(bytes, 3), 'a.idx'), [DataFormatError], 'a.idx', checkIdx),
            parsesOrRefuses(() => readIdx(gzipSync(bytes), 'a.idx'), [DataFormatError], 'a.idx', checkIdx),
          ]);
          expect(new Set(results).size).toBe(1);
        }),
        fuzzParams(300),
      );
    },
    fuzzTimeout(20_000),
  );

  it('a streamed header claiming 2^31 - 1 bytes with 8 bytes of data is refused without allocating them', async () => {
    const bytes = new Uint8Array([0, 0, 8, 1, ...u32be(2 ** 31 - 1), 1, 2, 3, 4, 5, 6, 7, 8]);
    const before = process.memoryUsage().arrayBuffers;
    await expect(readIdx(streamOf(bytes, 4), 'big-images-idx3-ubyte')).rejects.toThrow(
      /big-images-idx3-ubyte: idx data truncated: header says 2147483647 = 2147483647 bytes, got 8/,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
  });
});

const npyHeader = fc.record({
  descr: fc.constantFrom('<u1', '|u1', '<f4', '<f8', '>f4', '<i8', '<i4', '|b1', '<U3', '<f2', 'zz', '<i2'),
  fortran: fc.boolean(),
  shape: fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(2 ** 31, -1, 1.5)), { maxLength: 5 }),
  data: fc.uint8Array({ maxLength: 300 }),
  noise: fc.option(fc.string({ maxLength: 12 }), { freq: 4 }),
});

/** An .npy file: magic, version 1.0, the header dict (its shape written as `shape`), the data bytes. */
function npyFile(descr: string, shape: string, data: Uint8Array, fortran = false, noise: string | null = null) {
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  if (noise !== null) dict = dict.slice(0, dict.length / 2) + noise;
  const text = new TextEncoder().encode(dict.padEnd(117, ' ') + '\n');
  const out = new Uint8Array(10 + text.length + data.length);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, text.length & 0xff, text.length >> 8]);
  out.set(text, 10);
  out.set(data, 10 + text.length);
  return out;
}

function npyBytes(h: CaseOf<typeof npyHeader>): Uint8Array {
  const shape = h.shape.length === 1 ? `(${h.shape[0]},)` : `(${h.shape.join(', ')})`;
  return npyFile(h.descr, shape, h.data, h.fortran, h.noise);
}

const buffer = (b: Uint8Array) => b.slice().buffer as ArrayBuffer;

describe('NumPy .npy and .npz', () => {
  it('.npy: consistent images (shape matches the data) or a named refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(npyHeader.map(npyBytes), fc.uint8Array({ maxLength: 64 })), async (bytes) => {
        await parsesOrRefuses(() => readNumpy(buffer(bytes), 'x.npy'), [DataFormatError], 'x.npy', checkImages);
      }),
      fuzzParams(300),
    );
  });

  it('.npz: two arrays zipped, bytes flipped: consistent images or a named refusal', async () => {
    const npz = fc
      .tuple(npyHeader, npyHeader, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }))
      .map(([x, y, flips]) => {
        const zip = zipSync({ 'x.npy': npyBytes(x), 'y.npy': npyBytes(y) });
        for (const [at, v] of flips) zip[at % zip.length] = v;
        return zip;
      });
    await fc.assert(
      fc.asyncProperty(npz, async (bytes) => {
        await parsesOrRefuses(() => readNumpy(buffer(bytes), 'd.npz'), [DataFormatError], 'd.npz', checkImages);
      }),
      fuzzParams(200),
    );
  });
});

describe('zip', () => {
  it('a zip with flipped bytes or a lying size inflates within the cap or is refused by name', () => {
    const archive = fc
      .tuple(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      )
      .map(([data, flips]) => {
        const zip = zipSync({ 'a/b.png': data, 'c.txt': new Uint8Array(4000) }, { level: 6 });
        for (const [at, v] of flips) zip[at % zip.length] = v;
        return zip;
      });
    fc.assert(
      fc.property(archive, (bytes) => {
        try {
          const files = readZip(bytes, 'set.zip', 16_384);
          expect(files.reduce((n, f) => n + f.bytes.byteLength, 0)).toBeLessThanOrEqual(16_384);
        } catch (err) {
          expectCleanRefusal(err, [DataFormatError], 'set.zip');
        }
      }),
      fuzzParams(300),
    );
  });
});

describe('CIFAR binary', () => {
  it('batches of any length and labels: whole records or a named refusal', () => {
    const batch = fc.record({
      name: fc.constantFrom('test_batch.bin', 'data_batch_1.bin', 'train.bin', 'test.bin'),
      records: fc.integer({ min: 0, max: 2 }),
      extra: fc.integer({ min: -2, max: 2 }),
      label: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(batch, ({ name, records, extra, label }) => {
        const bytes = new Uint8Array(Math.max(0, records * 3073 + extra)).fill(label);
        try {
          checkImages(readCifar([{ name, bytes: bytes.buffer }]));
        } catch (err) {
          expectCleanRefusal(err, [DataFormatError], name);
        }
      }),
      fuzzParams(100),
    );
  });
});

describe('CSV tables', () => {
  it('any grid of cells: consistent rows or a refusal naming the file', () => {
    const cellArb = fc.oneof(
      fc.integer({ min: -3, max: 300 }).map(String),
      fc.constantFrom('', 'NaN', '1e400', 'cat', '=1+1', '"', 'a,b', 'label'),
      fc.string({ maxLength: 4 }),
    );
    const table = fc.array(fc.array(cellArb, { minLength: 1, maxLength: 4 }), { maxLength: 6 });
    fc.assert(
      fc.property(table, (rows) => {
        const text = rows.map((r) => r.join(',')).join('\n');
        try {
          checkImages(readCsvTable(buffer(new TextEncoder().encode(text)), 't.csv'));
        } catch (err) {
          expectCleanRefusal(err, [DataFormatError], 't.csv');
        }
      }),
      fuzzParams(300),
    );
  });
});

describe('what the fuzzing found, kept as cases', () => {
  const npyWithShape = (descr: string, shape: string, data: number[]) =>
    buffer(npyFile(descr, shape, new Uint8Array(data)));

  it('an .npy whose shape is not whole numbers, or does not match the data, is refused', () => {
    expect(() => readNumpy(npyWithShape('|u1', '(2147483648, 1.5)', [1, 2, 3, 4]), 'x.npy')).toThrow(
      /^x\.npy: the header's shape \[2147483648, 1\.5\] is not a list of non-negative integers$/,
    );
    expect(() => readNumpy(npyWithShape('|u1', '(3, 2)', [1, 2, 3, 4, 5]), 'x.npy')).toThrow(
      /^x\.npy: the header's shape \[3, 2\] needs 6 values but the file holds 5$/,
    );
  });

  it('an .npy of strings is refused as a dtype, not read as zeros', () => {
    expect(() => readNumpy(npyWithShape('<U1', '(1, 2)', [65, 0, 0, 0, 66, 0, 0, 0]), 'x.npy')).toThrow(
      /x\.npy:x: dtype U1 images are not supported/,
    );
  });

  const csv = (text: string) => buffer(new TextEncoder().encode(text));

  it('a CSV cell holding a line break is shown on one line in the refusal', () => {
    expect(() => readCsvTable(csv('a,label\n"x\ny",1\n'), 't.csv')).toThrow(
      /^t\.csv: row 2, column "a": "x\\ny" is not a number$/,
    );
  });

  it('a CSV with 257 distinct text labels is refused instead of wrapping labels past 255', () => {
    const rows = Array.from({ length: 257 }, (_, i) => `1,c${i}`).join('\n');
    expect(() => readCsvTable(csv(`a,label\n${rows}\n`), 't.csv')).toThrow(
      /^t\.csv: 257 distinct labels; at most 256 classes are supported$/,
    );
  });

  it('a CSV of 200,000 rows counts its classes without spreading them onto the stack', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i % 7},${i % 5}`).join('\n');
    const img = readCsvTable(csv(`a,label\n${rows}\n`), 'big.csv');
    expect([img.n, img.numClasses]).toEqual([200_000, 5]);
  });
});

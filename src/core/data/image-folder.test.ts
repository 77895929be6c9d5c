import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCifar, writeCifarBatch, cifarPickleMessage } from './cifar';
import { readCsvTable } from './csv-table';
import { DataFormatError } from './idx';
import { decodeImageFolder, listImageFolder } from './image-folder';
import { readNumpy } from './numpy';
import { openDataset, type DatasetFile } from './open-dataset';
import { decodePng } from './png';
import { encodePng } from './png-encode';
import { readZip } from './zip';
import { dump } from 'npyjs';

const ab = (u: Uint8Array) => u.slice().buffer as ArrayBuffer;
const text = (s: string) => ab(new TextEncoder().encode(s));
const decode = async (bytes: ArrayBuffer, name: string) => decodePng(new Uint8Array(bytes), name);

/** A gray 2x2 PNG whose pixels are all `v`. */
const png = (v: number, size = 2) => ab(encodePng(new Uint8Array(size * size).fill(v), size, size, 1));

describe('PNG', () => {
  it('round-trips gray and RGB images through the encoder and decoder', () => {
    const rgb = Uint8Array.from({ length: 3 * 5 * 3 }, (_, k) => (k * 29) % 256);
    const d = decodePng(encodePng(rgb, 5, 3, 3), 'a.png');
    expect([d.width, d.height, d.channels]).toEqual([5, 3, 3]);
    expect(Array.from(d.pixels)).toEqual(Array.from(rgb));
  });

  it('names the file and the problem for a corrupt image', () => {
    const bytes = encodePng(new Uint8Array(4), 2, 2, 1);
    expect(() => decodePng(bytes.subarray(0, 40), 'cats/1.png')).toThrow(/cats\/1\.png: /);
    expect(() => decodePng(new Uint8Array(10), 'x.png')).toThrow(/x\.png: not a PNG file/);
  });
});

describe('image folder', () => {
  const files: DatasetFile[] = [
    { path: 'set/dog/1.png', bytes: png(200) },
    { path: 'set/cat/1.png', bytes: png(10) },
    { path: 'set/cat/2.png', bytes: png(20) },
  ];

  it('labels by sorted class folder names, or by the order of labels.txt', async () => {
    const { images } = await openDataset(files, { decode });
    expect(images.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(images.labels)).toEqual([0, 0, 1]);
    expect([images.n, images.rows, images.cols, images.channels]).toEqual([3, 2, 2, 1]);
    expect(images.pixels[8]).toBe(200);
    const listed = await openDataset([...files, { path: 'set/labels.txt', bytes: text('dog\ncat\n') }], { decode });
    expect(listed.images.classNames).toEqual(['dog', 'cat']);
    expect(Array.from(listed.images.labels)).toEqual([1, 1, 0]);
  });

  it('refuses a labels.txt that misses a class folder, by name', () => {
    expect(() => listImageFolder([...files, { path: 'set/classes.txt', bytes: text('cat\n') }], 'set')).toThrow(
      /classes\.txt does not name the class folder\(s\) dog/,
    );
  });

  it('reads a folder without subfolders as unlabelled', async () => {
    const { images } = await openDataset(
      [
        { path: 'a.png', bytes: png(1) },
        { path: 'b.png', bytes: png(2) },
      ],
      { decode },
    );
    expect(images.labelled).toBe(false);
    expect(images.notices?.[0]).toMatch(/agreement with the dense model/);
  });

  it('skips corrupt images (counted and named), resizes other sizes and reports an empty class folder', async () => {
    const listing = listImageFolder(
      [...files, { path: 'set/cat/bad.png', bytes: text('nope') }, { path: 'set/dog/big.png', bytes: png(50, 4) }],
      'set',
      ['set/bird'],
    );
    const images = await decodeImageFolder(listing, 'set', decode);
    expect(images.n).toBe(4);
    expect(images.classNames).toEqual(['bird', 'cat', 'dog']);
    expect(images.notices).toEqual([
      'empty class folder(s): bird (their labels are kept, with no images)',
      '1 unreadable image(s) skipped: cat/bad.png',
      '1 image(s) of another size resized to 2×2: dog/big.png',
    ]);
    expect(Array.from(images.pixels.subarray(12, 16))).toEqual([50, 50, 50, 50]);
  });

  it('keeps a class-balanced subset within the decoded-image budget', async () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ path: `s/${i % 2 ? 'b' : 'a'}/${i}.png`, bytes: png(i) }));
    const images = await decodeImageFolder(listImageFolder(many, 's'), 's', decode, { maxBytes: 6 * 12 });
    expect(images.n).toBe(6);
    // the first image is decoded before the budget is known; the other five are class-balanced
    const a = Array.from(images.labels).filter((l) => l === 0).length;
    expect(Math.abs(a - (6 - a))).toBeLessThanOrEqual(2);
    expect(images.notices?.[0]).toMatch(/20 images do not fit .* a class-balanced subset of 6/);
  });

  it('reads a zip of the folder, and refuses a zip that inflates past the cap', async () => {
    const zip = zipSync({ 'set/cat/1.png': new Uint8Array(png(10)), 'set/dog/1.png': new Uint8Array(png(200)) });
    const { images, name } = await openDataset([{ path: 'set.zip', bytes: ab(zip) }], { decode });
    expect(name).toBe('set.zip');
    expect(Array.from(images.labels)).toEqual([0, 1]);
    const bomb = zipSync({ 'zeros.bin': new Uint8Array(5_000_000) }, { level: 9 });
    expect(() => readZip(bomb, 'bomb.zip', 1_000_000)).toThrow(
      /bomb\.zip: the archive inflates to 5000000 bytes.*zip bomb/,
    );
  });

  it('says so when no decoder is available', async () => {
    await expect(openDataset(files, { noDecoder: 'decoding JPEG needs the page' })).rejects.toThrow(
      /decoding JPEG needs the page/,
    );
  });
});

describe('CIFAR binary batches', () => {
  it('reads records into NHWC with class names, preferring the test batch', () => {
    const images = Uint8Array.from({ length: 2 * 3072 }, (_, k) => k % 251);
    const batch = writeCifarBatch(images, Uint8Array.from([3, 7]));
    const set = readCifar([
      { name: 'data_batch_1.bin', bytes: ab(writeCifarBatch(new Uint8Array(3072), Uint8Array.from([1]))) },
      { name: 'test_batch.bin', bytes: ab(batch) },
      { name: 'batches.meta.txt', bytes: text('a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n') },
    ]);
    expect([set.n, set.rows, set.cols, set.channels, set.numClasses]).toEqual([2, 32, 32, 3, 10]);
    expect(Array.from(set.labels)).toEqual([3, 7]);
    expect(Array.from(set.pixels)).toEqual(Array.from(images));
    expect(set.classNames?.[3]).toBe('d');
    // the planar record: red of pixel 1 of image 0 is byte 1 + 1
    expect(batch[2]).toBe(images[3]);
  });

  it('names the binary version for the pickle batches and refuses a partial record', () => {
    expect(cifarPickleMessage(['data_batch_1', 'test_batch', 'batches.meta'])).toMatch(/binary version/);
    expect(() => readCifar([{ name: 'test_batch.bin', bytes: new ArrayBuffer(3000) }])).toThrow(
      /test_batch\.bin: 3000 bytes is not a whole number of 3073-byte CIFAR-10 records/,
    );
  });
});

describe('NumPy', () => {
  const npy = (data: Uint8Array | Float32Array | Int32Array, shape: number[]) => new Uint8Array(dump(data, shape));

  it('reads an .npz of uint8 NCHW images and labels as NHWC', () => {
    const x = Uint8Array.from({ length: 2 * 3 * 2 * 2 }, (_, k) => k);
    const npz = zipSync({ 'x.npy': npy(x, [2, 3, 2, 2]), 'y.npy': npy(Int32Array.from([4, 1]), [2]) });
    const set = readNumpy(ab(npz), 'd.npz');
    expect([set.n, set.rows, set.cols, set.channels]).toEqual([2, 2, 2, 3]);
    expect(Array.from(set.pixels.subarray(0, 6))).toEqual([0, 4, 8, 1, 5, 9]);
    expect(Array.from(set.labels)).toEqual([4, 1]);
  });

  it('keeps float32 values, reads a lone .npy as unlabelled, and picks arrays by name', () => {
    const f = Float32Array.from([0.5, -1, 2, 3]);
    const set = readNumpy(ab(npy(f, [2, 2])), 'f.npy');
    expect(Array.from(set.values!)).toEqual([0.5, -1, 2, 3]);
    expect(set.labelled).toBe(false);
    const npz = zipSync({
      feats: npy(f, [2, 2]),
      'feats.npy': npy(f, [2, 2]),
      'cls.npy': npy(Uint8Array.from([0, 1]), [2]),
    });
    expect(Array.from(readNumpy(ab(npz), 'p.npz', { x: 'feats', y: 'cls' }).labels)).toEqual([0, 1]);
  });

  it('names what is wrong: no recognisable arrays, count mismatch', () => {
    const odd = zipSync({ 'weights.npy': npy(new Uint8Array(4), [4]) });
    expect(() => readNumpy(ab(odd), 'm.npz')).toThrow(
      /m\.npz: no recognisable examples array .* it holds weights \[4\] u1/,
    );
    const bad = zipSync({ 'x.npy': npy(new Uint8Array(8), [2, 2, 2]), 'y.npy': npy(Uint8Array.from([1, 2, 3]), [3]) });
    expect(() => readNumpy(ab(bad), 'c.npz')).toThrow(/c\.npz:y: 2 examples but 3 labels/);
  });
});

describe('CSV', () => {
  it('reads feature columns and the label column, names missing values by row and column', () => {
    const set = readCsvTable(text('a,b,label\n1,2,0\n3,4.5,2\n'), 't.csv');
    expect(Array.from(set.values!)).toEqual([1, 2, 3, 4.5]);
    expect(Array.from(set.labels)).toEqual([0, 2]);
    expect([set.rows, set.cols, set.numClasses]).toEqual([1, 2, 3]);
    const named = readCsvTable(text('x,species\n1,setosa\n2,virginica\n'), 'i.csv', { label: 'species' });
    expect(named.classNames).toEqual(['setosa', 'virginica']);
    expect(() => readCsvTable(text('a,b,label\n1,,0\n'), 'm.csv')).toThrow(
      new DataFormatError('m.csv: row 2, column "b": missing value'),
    );
  });
});

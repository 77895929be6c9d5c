// Test-only: the same labelled images written as the formats people bring (a folder of PNGs in
// class subfolders, an .npz, CIFAR batches), so every reader can be checked against the idx figures.
import { zipSync } from 'fflate';
import { dump } from 'npyjs';
import { writeCifarBatch } from './cifar';
import { encodePng } from './png-encode';
import type { LabelledImages } from '../types';

export interface TestFile {
  path: string;
  bytes: Uint8Array;
}

const one = (images: LabelledImages, i: number) => {
  const per = images.rows * images.cols * (images.channels ?? 1);
  return images.pixels.subarray(i * per, (i + 1) * per);
};

/** The first `n` images as `<class name>/<index>.png`, with the class names in label order in classes.txt. */
export function pngFolder(images: LabelledImages, n: number, classNames: readonly string[]): TestFile[] {
  const safe = classNames.map((c) => c.replace(/[^A-Za-z0-9-]+/g, '-'));
  const files: TestFile[] = [{ path: 'classes.txt', bytes: new TextEncoder().encode(safe.join('\n') + '\n') }];
  for (let i = 0; i < n; i++) {
    const c = (images.channels ?? 1) === 3 ? 3 : 1;
    files.push({
      path: `${safe[images.labels[i]]}/${String(i).padStart(5, '0')}.png`,
      bytes: encodePng(one(images, i), images.cols, images.rows, c),
    });
  }
  return files;
}

/** The first `n` images as an .npz with x [n, rows, cols] uint8 and y [n] int32. */
export function npzOf(images: LabelledImages, n: number): Uint8Array {
  const per = images.rows * images.cols * (images.channels ?? 1);
  const shape =
    (images.channels ?? 1) === 1 ? [n, images.rows, images.cols] : [n, images.rows, images.cols, images.channels!];
  return zipSync({
    'x.npy': new Uint8Array(dump(images.pixels.slice(0, n * per), shape)),
    'y.npy': new Uint8Array(dump(Int32Array.from(images.labels.subarray(0, n)), [n])),
  });
}

/** 32×32 RGB images as a CIFAR-10 test_batch.bin. */
export function cifarTestBatch(images: LabelledImages, n: number): TestFile {
  return {
    path: 'test_batch.bin',
    bytes: writeCifarBatch(images.pixels.subarray(0, n * 3072), images.labels.subarray(0, n)),
  };
}

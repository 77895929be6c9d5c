// Writes the demo copy of Fashion-MNIST under public/data/fashion-mnist/:
// the full 10k test set and a class-balanced 10k training subset, as gzipped idx files.
// Usage: node --import tsx scripts/make-demo-data.ts [--data DIR]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEMO_DATA_FILES, DEMO_TRAIN_SUBSET_SEED, FASHION_MNIST_CLASSES } from '../src/core/data/fashion-mnist';
import { loadIdxPair } from '../src/core/data/idx';
import type { LabelledImages } from '../src/core/types';
import { mulberry32 } from '../src/core/pruning/random';

const PER_CLASS = 1000;

function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function idxFile(dims: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header.set([0, 0, 0x08, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

function writeGz(path: string, bytes: Uint8Array): void {
  // mtime 0 in the gzip header (zlib's default) keeps the output byte-identical across runs.
  writeFileSync(path, gzipSync(bytes, { level: 9 }));
  console.log(`wrote ${path}`);
}

function writeSplit(ds: LabelledImages, indices: number[], imagesPath: string, labelsPath: string): void {
  const pixelsPerImage = ds.rows * ds.cols;
  const pixels = new Uint8Array(indices.length * pixelsPerImage);
  const labels = new Uint8Array(indices.length);
  indices.forEach((src, dst) => {
    pixels.set(ds.pixels.subarray(src * pixelsPerImage, (src + 1) * pixelsPerImage), dst * pixelsPerImage);
    labels[dst] = ds.labels[src];
  });
  writeGz(imagesPath, idxFile([indices.length, ds.rows, ds.cols], pixels));
  writeGz(labelsPath, idxFile([indices.length], labels));
}

function balancedSubset(ds: LabelledImages, perClass: number, seed: number): number[] {
  const random = mulberry32(seed);
  const byClass: number[][] = Array.from({ length: ds.numClasses }, () => []);
  ds.labels.forEach((label, i) => byClass[label].push(i));
  const picked: number[] = [];
  byClass.forEach((indices, label) => {
    if (indices.length < perClass) throw new Error(`class ${label} has only ${indices.length} images`);
    picked.push(...shuffleInPlace(indices, random).slice(0, perClass));
  });
  return shuffleInPlace(picked, random);
}

const MIT_LICENSE = `The MIT License (MIT) Copyright © [2017] Zalando SE, https://tech.zalando.com

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated \
documentation files (the “Software”), to deal in the Software without restriction, including without \
limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the \
Software, and to permit persons to whom the Software is furnished to do so, subject to the following \
conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions \
of the Software.

THE SOFTWARE IS PROVIDED “AS IS”, WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED \
TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL \
THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF \
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER \
DEALINGS IN THE SOFTWARE.
`;

function readme(trainCounts: number[]): string {
  const classes = FASHION_MNIST_CLASSES.map((name, i) => `| ${i} | ${name} | ${trainCounts[i]} |`).join('\n');
  return `# Fashion-MNIST (demo copy)

Fashion-MNIST by Han Xiao, Kashif Rasul and Roland Vollgraf (Zalando Research, 2017;
https://github.com/zalandoresearch/fashion-mnist), MIT licence: see LICENSE.
28x28 grey-scale images of clothing in 10 classes, stored as standard gzipped idx files
(unsigned bytes; images [n, 28, 28], labels [n]).

| file | contents |
|---|---|
| t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz | the full official test set, 10,000 images, original order |
| train-10k-images-idx3-ubyte.gz, train-10k-labels-idx1-ubyte.gz | a 10,000-image subset of the 60,000-image \
training set: ${PER_CLASS} per class |

The training subset was made by \`node --import tsx scripts/make-demo-data.ts\` from the original
files: the training images of each class are shuffled with a seeded PRNG (mulberry32, seed
${DEMO_TRAIN_SUBSET_SEED}), the first ${PER_CLASS} of each class are kept, and the 10,000 picked
images are shuffled again with the same generator. Pixels are unchanged.

| label | class | images in the training subset |
|---|---|---|
${classes}
`;
}

async function main(): Promise<void> {
  const dataDir = argValue('--data', '/usr/share/datasets/fashion-mnist');
  const outDir = resolve('public');
  mkdirSync(join(outDir, 'data/fashion-mnist'), { recursive: true });
  const read = (name: string) => readFileSync(join(dataDir, name));
  const test = await loadIdxPair(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'), {
    images: 't10k-images',
    labels: 't10k-labels',
  });
  const train = await loadIdxPair(read('train-images-idx3-ubyte.gz'), read('train-labels-idx1-ubyte.gz'), {
    images: 'train-images',
    labels: 'train-labels',
  });
  console.log(`read ${train.n} training and ${test.n} test images from ${dataDir}`);

  const all = Array.from({ length: test.n }, (_, i) => i);
  writeSplit(test, all, join(outDir, DEMO_DATA_FILES.testImages), join(outDir, DEMO_DATA_FILES.testLabels));
  const subset = balancedSubset(train, PER_CLASS, DEMO_TRAIN_SUBSET_SEED);
  writeSplit(train, subset, join(outDir, DEMO_DATA_FILES.trainImages), join(outDir, DEMO_DATA_FILES.trainLabels));

  const counts = new Array<number>(10).fill(0);
  for (const i of subset) counts[train.labels[i]]++;
  writeFileSync(join(outDir, 'data/fashion-mnist/LICENSE'), MIT_LICENSE);
  writeFileSync(join(outDir, 'data/fashion-mnist/README.md'), readme(counts));
  console.log('wrote LICENSE and README.md');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

// CIFAR-10 and CIFAR-100 binary batches: each record is its label byte(s) then 3,072 bytes of a
// 32×32 image, channel-planar (1,024 R, 1,024 G, 1,024 B). Kept as NHWC like every dataset here.
import { DataFormatError } from './idx';
import type { LabelledImages, NamedBytes } from '../types';

const IMAGE_BYTES = 3072;
const CIFAR10_BATCH = /^(data_batch_\d+|test_batch)\.bin$/i;
const CIFAR100_BATCH = /^(train|test)\.bin$/i;
const PICKLE_BATCH = /^(data_batch_\d+|test_batch|train|test|batches\.meta|meta)$/i;

const base = (name: string) => name.split(/[\\/]/).pop() as string;

/** Whether these files are CIFAR batches (binary, or the pickle version that gets refused). */
export function looksLikeCifar(names: string[]): boolean {
  const b = names.map(base);
  return b.some((n) => CIFAR10_BATCH.test(n) || /^(batches\.meta|fine_label_names)\.txt$/i.test(n));
}

/** The Python pickle batches have no extension; the binary version is what PruneLab reads. */
export function cifarPickleMessage(names: string[]): string | null {
  const b = names.map(base);
  if (
    !b.some((n) => /^(data_batch_\d+|test_batch)$/i.test(n)) ||
    !b.every((n) => PICKLE_BATCH.test(n) || /readme/i.test(n))
  )
    return null;
  return (
    `${b.join(', ')}: these are the CIFAR Python (pickle) batches; PruneLab reads the binary version ` +
    '(cifar-10-binary.tar.gz: data_batch_1.bin … test_batch.bin with batches.meta.txt)'
  );
}

function lines(file: NamedBytes | undefined): string[] | undefined {
  if (!file) return undefined;
  return new TextDecoder()
    .decode(file.bytes)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * The test batch when there is one (else every data batch, in name order). CIFAR-100's train.bin/
 * test.bin have a coarse and a fine label byte; the fine label is used.
 */
export function readCifar(files: NamedBytes[], which: 'test' | 'train' = 'test'): LabelledImages {
  const pickle = cifarPickleMessage(files.map((f) => f.name));
  if (pickle) throw new DataFormatError(pickle);
  const batches = files.filter((f) => CIFAR10_BATCH.test(base(f.name)) || CIFAR100_BATCH.test(base(f.name)));
  if (batches.length === 0)
    throw new DataFormatError(
      `no CIFAR batch among ${files.map((f) => base(f.name)).join(', ')} (data_batch_N.bin, test_batch.bin, ` +
        'or CIFAR-100 train.bin/test.bin)',
    );
  const isTest = (f: NamedBytes) => /^test/i.test(base(f.name));
  const chosen = batches.some((f) => isTest(f) === (which === 'test'))
    ? batches.filter((f) => isTest(f) === (which === 'test'))
    : batches;
  chosen.sort((a, b) => base(a.name).localeCompare(base(b.name), 'en', { numeric: true }));
  const hundred = chosen.every((f) => CIFAR100_BATCH.test(base(f.name)));
  const labelBytes = hundred ? 2 : 1;
  const record = labelBytes + IMAGE_BYTES;
  let n = 0;
  for (const f of chosen) {
    if (f.bytes.byteLength === 0 || f.bytes.byteLength % record !== 0)
      throw new DataFormatError(
        `${base(f.name)}: ${f.bytes.byteLength} bytes is not a whole number of ${record}-byte CIFAR-${hundred ? 100 : 10} records`,
      );
    n += f.bytes.byteLength / record;
  }
  const names = hundred
    ? lines(files.find((f) => /fine_label_names\.txt$/i.test(f.name)))
    : lines(files.find((f) => /batches\.meta\.txt$/i.test(f.name)));
  const numClasses = names?.length ?? (hundred ? 100 : 10);
  const pixels = new Uint8Array(n * IMAGE_BYTES);
  const labels = new Uint8Array(n);
  let i = 0;
  for (const f of chosen) {
    const bytes = new Uint8Array(f.bytes);
    for (let r = 0; r < bytes.length; r += record, i++) {
      const label = bytes[r + labelBytes - 1];
      if (label >= numClasses)
        throw new DataFormatError(
          `${base(f.name)}: record ${r / record} has label ${label}; there are ${numClasses} classes`,
        );
      labels[i] = label;
      const img = bytes.subarray(r + labelBytes, r + record);
      const out = i * IMAGE_BYTES;
      for (let p = 0; p < 1024; p++) {
        pixels[out + p * 3] = img[p];
        pixels[out + p * 3 + 1] = img[1024 + p];
        pixels[out + p * 3 + 2] = img[2048 + p];
      }
    }
  }
  return { pixels, labels, n, rows: 32, cols: 32, channels: 3, numClasses, classNames: names, labelled: true };
}

/** CIFAR binary records (label byte, then planar RGB) for NHWC images: what the tests and fixtures write. */
export function writeCifarBatch(images: Uint8Array, labels: Uint8Array): Uint8Array {
  const out = new Uint8Array(labels.length * (1 + IMAGE_BYTES));
  for (let i = 0; i < labels.length; i++) {
    const r = i * (1 + IMAGE_BYTES);
    out[r] = labels[i];
    for (let p = 0; p < 1024; p++)
      for (let c = 0; c < 3; c++) out[r + 1 + c * 1024 + p] = images[i * IMAGE_BYTES + p * 3 + c];
  }
  return out;
}

// Small builders for the bad-input corpus: a TF.js layers model (Dense 4→3), idx and .npy files,
// zips with patched headers, CIFAR records and sweep shards.
import { zipSync } from 'fflate';
import { toShardCsv, type ShardHeader } from '../../src/core/sensitivity/shard-csv';

export type Files = Record<string, Uint8Array | string>;

const enc = (s: string) => new TextEncoder().encode(s);

export interface LayersModelOptions {
  layers?: object[];
  /** the layers list as raw JSON text (for nesting JSON.stringify cannot write) */
  layersText?: string;
  weights?: { name: string; shape: unknown; dtype: string }[];
  paths?: string[];
  values?: number[];
  bytes?: number;
  json?: (json: Record<string, unknown>) => unknown;
}

export function dense(name: string, units: number, extra: object = {}): object {
  return { class_name: 'Dense', config: { name, units, activation: 'linear', use_bias: true, ...extra } };
}

/** model.json + weights.bin of Dense(4→3) named "fc", changed as the options say. */
export function layersModel(o: LayersModelOptions = {}): Files {
  const layers = o.layers ?? [dense('fc', 3, { batch_input_shape: [null, 4] })];
  const weights = o.weights ?? [
    { name: 'fc/kernel', shape: [4, 3], dtype: 'float32' },
    { name: 'fc/bias', shape: [3], dtype: 'float32' },
  ];
  const json: Record<string, unknown> = {
    format: 'layers-model',
    generatedBy: 'make-bad-corpus',
    modelTopology: { class_name: 'Sequential', config: { name: 'tiny', layers: o.layersText ? '@layers' : layers } },
    weightsManifest: [{ paths: o.paths ?? ['weights.bin'], weights }],
  };
  const values = new Float32Array(o.bytes === undefined ? 15 : Math.ceil(o.bytes / 4));
  values.forEach((_, i) => (values[i] = o.values?.[i % o.values.length] ?? ((i % 7) - 3) / 10));
  const shard = new Uint8Array(values.buffer).slice(0, o.bytes ?? 60);
  const text = JSON.stringify(o.json ? o.json(json) : json).replace('"@layers"', o.layersText ?? '[]');
  return { 'model.json': text, 'weights.bin': shard };
}

function u32be(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** An idx file: magic 00 00 type ndims, big-endian dims, then `data` bytes. */
export function idx(dims: number[], data: number, type = 0x08): Uint8Array {
  return new Uint8Array([0, 0, type, dims.length, ...dims.flatMap(u32be), ...new Array<number>(data).fill(3)]);
}

/** An .npy (version 1.0, header padded to 128 bytes) with the given header fields and data bytes. */
export function npy(descr: string, shape: string, data: Uint8Array, fortran = false): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const text = enc(dict.padEnd(117, ' ') + '\n');
  return new Uint8Array([0x93, ...enc('NUMPY'), 1, 0, text.length & 0xff, text.length >> 8, ...text, ...data]);
}

/** A zip whose every entry claims `size` uncompressed bytes (local and central headers patched). */
export function zipClaiming(entries: Record<string, Uint8Array>, size: number): Uint8Array {
  const zip = zipOf(entries);
  const view = new DataView(zip.buffer);
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return zip;
}

/** CIFAR-10 records: label byte + 3,072 pixel bytes each. */
export function cifarRecords(labels: number[]): Uint8Array {
  const out = new Uint8Array(labels.length * 3073).fill(128);
  labels.forEach((l, i) => (out[i * 3073] = l));
  return out;
}

export function shard(index: string, names: string[], header: Partial<ShardHeader> = {}): string {
  const h: ShardHeader = {
    shard: index,
    model: 'm',
    data: 'd',
    settings: 's',
    tensors: names,
    levels: [0, 0.5],
    ...header,
  };
  const all = h.tensors.flatMap((parameter) => h.levels.map((sparsity) => ({ parameter, sparsity })));
  const [i, n] = index.split('/').map(Number);
  const mine = all.slice(Math.floor((i * all.length) / n), Math.floor(((i + 1) * all.length) / n));
  return toShardCsv(
    h,
    mine.map((c) => ({ ...c, top1: 90 - 10 * c.sparsity, top5: 99, loss: 0.3 })),
  );
}

/** A zip with a fixed modification time, so that the corpus is written byte for byte the same. */
export function zipOf(entries: Record<string, Uint8Array>, opts: { level?: 0 | 6 | 9 } = {}): Uint8Array {
  return zipSync(entries, { ...opts, mtime: new Date(2020, 0, 1) });
}

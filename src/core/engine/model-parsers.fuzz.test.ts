// Property-based tests of the model readers (TF.js model.json + shards, ONNX + external data, Keras
// .h5): every input opens a model with consistent tensors or is refused by a typed error naming the
// file, on one line, leaving no tensor behind.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanRefusal, fuzzParams, fuzzTimeout, type CaseOf } from '../fuzz/fuzz-settings';
import { useBackend } from '../test-backends';
import type { NamedBytes } from '../types';
import { OnnxModelError } from './onnx/onnx-errors';
import { checkModel } from './onnx/onnx-checks';
import { decodeModel } from './onnx/onnx-model';
import { onnxPrunableTensors } from './onnx/onnx-prunable';
import { inlineExternalData, readFloat32 } from './onnx/onnx-tensor-data';
import { openModelFiles } from './open-model';
import { ModelFormatError } from './tfjs-layers/model-format-error';

const MODEL_ERRORS = [ModelFormatError, OnnxModelError];
const bytesOf = (b: Uint8Array) => b.slice().buffer as ArrayBuffer;
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(path, import.meta.url)));

/** Opens the files; a model must have tensors whose sizes match their shapes, and be disposed. */
async function opensOrRefuses(files: NamedBytes[], file: string): Promise<void> {
  const before = tf.memory().numTensors;
  try {
    const { engine } = await openModelFiles(files);
    for (const t of engine.tensors) expect(t.shape.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
    engine.dispose();
  } catch (err) {
    expectCleanRefusal(err, MODEL_ERRORS, file);
  }
  expect(tf.memory().numTensors).toBe(before);
}

const dense = (name: string, units: number, extra: object = {}) => ({
  class_name: 'Dense',
  config: { name, units, activation: 'linear', use_bias: true, ...extra },
});

/** A model.json for Dense(4→3) with its manifest, then changed as `m` says. */
const layersCase = fc.record({
  dtype: fc.constantFrom('float32', 'float32', 'int32', 'float16', 'string', 'bogus'),
  shape: fc.constantFrom<unknown[]>(
    [4, 3],
    [4, 3],
    [3, 4],
    [4, 3, 1],
    [-4, -3],
    [4.5, 3],
    ['4', 3],
    [2 ** 31, 2 ** 31],
    [],
  ),
  shardDelta: fc.constantFrom(0, 0, -4, 4, -48),
  className: fc.constantFrom('Dense', 'Dense', 'Lambda', 'NoSuchLayer'),
  duplicate: fc.boolean(),
  missingShard: fc.boolean(),
  nesting: fc.constantFrom(0, 0, 3, 5000),
  cut: fc.option(fc.nat(), { freq: 5 }),
  value: fc.option(fc.float({ noDefaultInfinity: false, noNaN: false }), { freq: 3 }),
});

function layersFiles(m: CaseOf<typeof layersCase>): NamedBytes[] {
  const layer = dense('d', 3, { batch_input_shape: [null, 4] });
  layer.class_name = m.className;
  const config = { name: 'tiny', layers: [layer] };
  const weights = [
    { name: 'd/kernel', shape: m.shape, dtype: m.dtype },
    { name: m.duplicate ? 'd/kernel' : 'd/bias', shape: [3], dtype: 'float32' },
  ];
  const json = {
    format: 'layers-model',
    modelTopology: { class_name: 'Sequential', config: '@' },
    weightsManifest: [{ paths: ['w.bin'], weights }],
  };
  const nested = '['.repeat(m.nesting) + JSON.stringify(config) + ']'.repeat(m.nesting);
  let text = JSON.stringify(json).replace('"@"', nested);
  if (m.cut !== null) text = text.slice(0, m.cut % text.length);
  const shard = new Float32Array(Math.max(0, (60 + m.shardDelta) / 4)).fill(m.value ?? 0.5);
  const files: NamedBytes[] = [{ name: 'm.json', bytes: bytesOf(new TextEncoder().encode(text)) }];
  if (!m.missingShard) files.push({ name: 'w.bin', bytes: shard.buffer });
  return files;
}

beforeAll(() => useBackend('cpu'));

describe('TF.js layers model.json and weight manifest', () => {
  it(
    'lying dtypes and shapes, short or long shards, code layers, deep nesting, cut JSON: a model or a named refusal',
    async () => {
      await fc.assert(
        fc.asyncProperty(layersCase, async (m) => opensOrRefuses(layersFiles(m), 'm.json')),
        fuzzParams(120),
      );
    },
    fuzzTimeout(20_000),
  );

  it('any JSON value as model.json is refused by name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const text = new TextEncoder().encode(JSON.stringify(value) ?? 'null');
        await opensOrRefuses([{ name: 'odd.json', bytes: bytesOf(text) }], 'odd.json');
      }),
      fuzzParams(150),
    );
  });
});

/** Flips and cuts applied to a copy of `bytes`. */
const mutated = (bytes: Uint8Array) =>
  fc
    .record({
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat(), { freq: 3 }),
    })
    .map(({ flips, cut }) => {
      const out = bytes.slice(0, cut === null ? bytes.length : cut % bytes.length);
      for (const [at, v] of flips) if (out.length) out[at % out.length] = v;
      return out;
    });

describe('ONNX ModelProto and external data', () => {
  const mlp = fixture('./onnx/fixtures/mlp.onnx');
  const external = fixture('./onnx/fixtures/mlp-external.onnx');
  const data = fixture('./onnx/fixtures/mlp-external.data');

  /** The reading half of opening (no session): decode, external data, checks, float32 weights. */
  function readOnnx(model: Uint8Array, side: Uint8Array | null): void {
    const proto = decodeModel(model, 'm.onnx');
    if (side) inlineExternalData(proto, new Map([['mlp-external.data', side]]));
    checkModel(proto, 'm.onnx');
    const inits = new Map(proto.graph!.initializer.map((t) => [t.name, t]));
    for (const t of onnxPrunableTensors(proto)) readFloat32(inits.get(t.name)!);
  }

  it('mutated models and external data files: read or refused with an OnnxModelError', () => {
    const cases = fc.oneof(
      mutated(mlp).map((m) => ({ m, side: null as Uint8Array | null })),
      fc.tuple(mutated(external), mutated(data)).map(([m, side]) => ({ m, side })),
    );
    fc.assert(
      fc.property(cases, ({ m, side }) => {
        try {
          readOnnx(m, side);
        } catch (err) {
          if (!(err instanceof OnnxModelError)) throw err;
          expect(err.message).not.toMatch(/\n/);
        }
      }),
      fuzzParams(300),
    );
  });

  it(
    'opening mutated models end to end (session included): a model or a refusal naming the file',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutated(mlp), async (m) => opensOrRefuses([{ name: 'm.onnx', bytes: bytesOf(m) }], 'm.onnx')),
        fuzzParams(15),
      );
    },
    fuzzTimeout(30_000),
  );
});

describe('Keras .h5 (HDF5)', () => {
  const h5 = fixture('./keras-h5/fixtures/small-cnn.h5');
  it(
    'mutated .h5 files: a model or a refusal naming the file',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutated(h5), async (m) => opensOrRefuses([{ name: 'k.h5', bytes: bytesOf(m) }], 'k.h5')),
        fuzzParams(8),
      );
    },
    fuzzTimeout(30_000),
  );
});

describe('what the fuzzing found, kept as cases', () => {
  const base: CaseOf<typeof layersCase> = {
    dtype: 'float32',
    shape: [4, 3],
    shardDelta: 0,
    className: 'Dense',
    duplicate: false,
    missingShard: false,
    nesting: 0,
    cut: null,
    value: null,
  };
  const refusal = async (files: NamedBytes[]) => {
    const before = tf.memory().numTensors;
    const err = await openModelFiles(files).then(
      () => null,
      (e: Error) => e,
    );
    expect(tf.memory().numTensors).toBe(before);
    return err?.message;
  };

  it('the unchanged case opens (the properties above are not refusing everything)', async () => {
    const { engine } = await openModelFiles(layersFiles(base));
    expect(engine.tensors.map((t) => t.name)).toEqual(['d/kernel']);
    engine.dispose();
  });

  it('a Lambda layer is refused as code, before TF.js sees it', async () => {
    expect(await refusal(layersFiles({ ...base, className: 'Lambda' }))).toMatch(
      /^m\.json: layer 'd' is a Lambda layer, which holds Python code; PruneLab reads model files as data only/,
    );
  });

  it('a weight listed twice, or with a negative shape, is refused by name', async () => {
    expect(await refusal(layersFiles({ ...base, duplicate: true }))).toBe(
      'm.json: weight "d/kernel" is listed twice in weightsManifest',
    );
    expect(await refusal(layersFiles({ ...base, shape: [-4, -3] }))).toBe(
      'm.json: weight "d/kernel" has shape [-4,-3]; a shape lists non-negative integers',
    );
  });

  it('a topology nested 5,000 deep is refused without overflowing the stack', async () => {
    expect(await refusal(layersFiles({ ...base, nesting: 5000 }))).toBe(
      'm.json: the model topology nests deeper than 64 levels',
    );
  });

  it('weights whose names do not match the layers are refused and leave no variable behind', async () => {
    const files = layersFiles(base);
    const text = new TextDecoder().decode(files[0].bytes).replace('"d/bias"', '"other/bias"');
    files[0] = { name: 'm.json', bytes: bytesOf(new TextEncoder().encode(text)) };
    expect(await refusal(files)).toMatch(/^m\.json: TF\.js could not build the model from model\.json: /);
  });
});

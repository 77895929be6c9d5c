import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadModelFromFiles,
  loadModelFromUrl,
  locateJsonError,
  ModelFormatError,
  resolveRelativeUrl,
} from './model-files';
import { useBackend } from './test-backends';
import type { NamedBytes } from './types';

interface Saved {
  modelJson: Record<string, unknown>;
  weightData: ArrayBuffer;
  weightSpecs: tf.io.WeightsManifestEntry[];
}

async function saveToMemory(model: tf.LayersModel): Promise<Saved> {
  let saved: Saved | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData as ArrayBuffer;
      saved = {
        weightData,
        weightSpecs: artifacts.weightSpecs ?? [],
        modelJson: {
          modelTopology: artifacts.modelTopology,
          format: artifacts.format,
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy,
          weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
        },
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved as Saved;
}

function jsonFile(name: string, value: unknown): NamedBytes {
  return { name, bytes: new TextEncoder().encode(JSON.stringify(value, null, 2)).buffer as ArrayBuffer };
}

function buildModel(): tf.LayersModel {
  return tf.sequential({
    name: 'tiny',
    layers: [
      tf.layers.conv2d({ inputShape: [5, 5, 1], filters: 2, kernelSize: 3, name: 'conv1' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 3, name: 'fc' }),
    ],
  });
}

describe('model-files', () => {
  let original: tf.LayersModel;
  let saved: Saved;
  const input = () =>
    tf.tensor4d(
      Array.from({ length: 2 * 25 }, (_, i) => Math.sin(i)),
      [2, 5, 5, 1],
    );

  beforeAll(async () => {
    await useBackend('cpu');
    original = buildModel();
    saved = await saveToMemory(original);
  });
  afterAll(() => original.dispose());

  it('round-trips a model saved with model.save and keeps the weights exactly', async () => {
    const before = tf.memory().numTensors;
    const loaded = await loadModelFromFiles([
      jsonFile('tiny/model.json', saved.modelJson),
      { name: 'tiny/group1-shard1of1.bin', bytes: saved.weightData },
    ]);
    expect(loaded.name).toBe('tiny');
    expect(loaded.model.weights.map((w) => w.originalName)).toEqual([
      'conv1/kernel',
      'conv1/bias',
      'fc/kernel',
      'fc/bias',
    ]);
    const x = input();
    const [a, b] = tf.tidy(() => [original.predict(x) as tf.Tensor, loaded.model.predict(x) as tf.Tensor]);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('concatenates several shards in manifest order and accepts "./" paths and a side JSON', async () => {
    const bytes = new Uint8Array(saved.weightData);
    const cut = 40;
    const json = {
      ...saved.modelJson,
      weightsManifest: [{ paths: ['./group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: saved.weightSpecs }],
    };
    const loaded = await loadModelFromFiles([
      // listed out of order on purpose
      { name: 'group1-shard2of2.bin', bytes: bytes.slice(cut).buffer },
      jsonFile('card.json', { title: 'a model card' }),
      jsonFile('tiny-net.json', json),
      { name: 'group1-shard1of2.bin', bytes: bytes.slice(0, cut).buffer },
    ]);
    expect(loaded.name).toBe('tiny-net');
    const got = await loaded.model.getLayer('fc').getWeights()[0].data();
    const want = await original.getLayer('fc').getWeights()[0].data();
    expect(Array.from(got)).toEqual(Array.from(want));
    loaded.model.dispose();
  });

  it('names the missing weight files', async () => {
    const json = {
      ...saved.modelJson,
      weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: saved.weightSpecs }],
    };
    await expect(
      loadModelFromFiles([jsonFile('model.json', json), { name: 'group1-shard1of2.bin', bytes: saved.weightData }]),
    ).rejects.toThrow(
      'model.json lists 2 weight files; missing: group1-shard2of2.bin. Drop model.json together with all its weight files.',
    );
  });

  it('reports a shard whose size does not match the weight specs', async () => {
    // conv1 3*3*1*2 + 2, fc 18*3 + 3 = 20 + 57 = 77 floats = 308 bytes, 4 tensors
    const short = saved.weightData.slice(0, 300);
    const err = await loadModelFromFiles([
      jsonFile('model.json', saved.modelJson),
      { name: 'group1-shard1of1.bin', bytes: short },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(ModelFormatError);
    expect(err.message).toBe(
      'weight file group1-shard1of1.bin has 300 bytes; model.json expects 308 bytes for 4 tensors',
    );
  });

  it('counts quantized weights at the size of their quantized dtype', async () => {
    const specs = saved.weightSpecs.map((s) => ({ ...s, quantization: { dtype: 'uint8', scale: 0.01, min: -1 } }));
    const json = { ...saved.modelJson, weightsManifest: [{ paths: ['w.bin'], weights: specs }] };
    await expect(
      loadModelFromFiles([jsonFile('model.json', json), { name: 'w.bin', bytes: new ArrayBuffer(300) }]),
    ).rejects.toThrow('weight file w.bin has 300 bytes; model.json expects 77 bytes for 4 tensors');
    const loaded = await loadModelFromFiles([
      jsonFile('model.json', json),
      { name: 'w.bin', bytes: new Uint8Array(77).fill(100).buffer },
    ]);
    const bias = await loaded.model.getLayer('fc').getWeights()[1].data();
    Array.from(bias).forEach((v) => expect(v).toBeCloseTo(0, 6)); // 100 * 0.01 - 1
    loaded.model.dispose();
  });

  it('gives the line of a JSON syntax error', async () => {
    const text = '{\n  "modelTopology": {},\n  "weightsManifest": [,]\n}';
    const file = { name: 'model.json', bytes: new TextEncoder().encode(text).buffer as ArrayBuffer };
    await expect(loadModelFromFiles([file])).rejects.toThrow(/^model\.json is not valid JSON \(line 3\): /);
  });

  it('refuses a graph model with a pointer to the right export', async () => {
    const message =
      'this is a TF.js graph model; PruneLab needs a layers model (saved with model.save / tfjs.converters.save_keras_model)';
    const graph = { format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] };
    await expect(loadModelFromFiles([jsonFile('model.json', graph)])).rejects.toThrow(message);
    const signatureOnly = { signature: { inputs: {} }, weightsManifest: [] };
    await expect(loadModelFromFiles([jsonFile('model.json', signatureOnly)])).rejects.toThrow(message);
  });

  it('refuses a model.json without weightsManifest, and a drop without any JSON', async () => {
    await expect(
      loadModelFromFiles([jsonFile('model.json', { modelTopology: saved.modelJson.modelTopology })]),
    ).rejects.toThrow('model.json has no weightsManifest');
    await expect(loadModelFromFiles([{ name: 'weights.bin', bytes: saved.weightData }])).rejects.toThrow(
      'no model.json among the files (got: weights.bin)',
    );
  });

  it('wraps errors from TF.js itself as ModelFormatError', async () => {
    const topology = JSON.parse(JSON.stringify(saved.modelJson.modelTopology));
    topology.config.layers[2].class_name = 'NoSuchLayer';
    const err = await loadModelFromFiles([
      jsonFile('model.json', { ...saved.modelJson, modelTopology: topology }),
      { name: 'group1-shard1of1.bin', bytes: saved.weightData },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(ModelFormatError);
    expect(err.message).toMatch(/^TF\.js could not build the model from model\.json: .*NoSuchLayer/);
  });

  it('loads from a URL, fetching shards relative to model.json', async () => {
    const served: Record<string, ArrayBuffer> = {
      '/models/tiny/model.json': jsonFile('model.json', saved.modelJson).bytes,
      '/models/tiny/group1-shard1of1.bin': saved.weightData,
    };
    const requested: string[] = [];
    const fakeFetch = (async (url: string) => {
      requested.push(url);
      const body = served[url];
      return body ? new Response(body, { status: 200 }) : new Response('not found', { status: 404 });
    }) as unknown as typeof fetch;
    const loaded = await loadModelFromUrl('/models/tiny/model.json', fakeFetch);
    expect(loaded.name).toBe('tiny');
    expect(requested).toEqual(['/models/tiny/model.json', '/models/tiny/group1-shard1of1.bin']);
    loaded.model.dispose();
    delete served['/models/tiny/group1-shard1of1.bin'];
    await expect(loadModelFromUrl('/models/tiny/model.json', fakeFetch)).rejects.toThrow(
      'could not fetch /models/tiny/group1-shard1of1.bin: 404',
    );
  });

  it('resolves shard paths against the folder of model.json', () => {
    expect(resolveRelativeUrl('https://x.org/m/model.json?v=2', 'group1.bin')).toBe('https://x.org/m/group1.bin');
    expect(resolveRelativeUrl('/m/model.json', './a%20b.bin')).toBe('/m/a b.bin');
    expect(resolveRelativeUrl('model.json', 'w.bin')).toBe('w.bin');
  });
});

describe('locateJsonError', () => {
  it.each([
    ['{\n  "a": 1,\n  "b": [1, 2,]\n}', 3, 14],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['{"a": tru}', 1, 7],
    ['{\n "a": "x\\q"\n}', 2, 10],
    ['{\n  "a": 1\n', 3, 1],
    ['[1, 2] 3', 1, 8],
    ['{"a": 01}', 1, 8],
  ])('finds the first error in %j at line %i column %i, where JSON.parse also fails', (text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    const at = locateJsonError(text);
    expect([at.line, at.column]).toEqual([line, column]);
    expect(at.reason).not.toBe('invalid JSON');
  });

  it('accepts what JSON.parse accepts', () => {
    const text = JSON.stringify({ a: [1, -2.5e-3, 'x"\\\u00e9\n', null, true, false, {}], b: { c: [] } }, null, 2);
    expect(locateJsonError(text).reason).toBe('invalid JSON');
  });
});

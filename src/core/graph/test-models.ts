// Test-only models and helpers for the channel graph and thinning tests.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';

/** Gives every weight seeded random values; BatchNormalization gets non-trivial statistics. */
export function randomizeWeights(model: tf.LayersModel, seed = 1): void {
  let s = seed;
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const suffix = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const shape = w.shape as number[];
      s += 1;
      if (suffix === 'gamma') return tf.randomUniform(shape, 0.5, 1.5, 'float32', s);
      if (suffix === 'moving_variance') return tf.randomUniform(shape, 0.3, 2, 'float32', s);
      if (suffix === 'beta' || suffix === 'moving_mean') return tf.randomNormal(shape, 0, 0.7, 'float32', s);
      if (suffix === 'bias') return tf.randomNormal(shape, 0.3, 0.5, 'float32', s);
      return tf.randomNormal(shape, 0, 0.5, 'float32', s);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/** conv(bias)-BN-relu-pool-conv-BN-relu-flatten-dense-dense on 8x8x2 inputs. */
export function smallSequentialCnn(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 6, kernelSize: 3, padding: 'same', name: 'conv1' }),
      tf.layers.batchNormalization({ name: 'bn1' }),
      tf.layers.activation({ activation: 'relu', name: 'relu1' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', name: 'conv2' }),
      tf.layers.batchNormalization({ name: 'bn2' }),
      tf.layers.activation({ activation: 'relu', name: 'relu2' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 5, activation: 'relu', name: 'fc1' }),
      tf.layers.dense({ units: 3, name: 'fc2' }),
    ],
  });
  randomizeWeights(model, 11);
  return model;
}

/** stem conv, then two conv branches (one with BN) joined by an Add, then conv-flatten-dense. */
export function residualCnn(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 2], name: 'image' });
  const stem = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'stem' })
    .apply(input) as tf.SymbolicTensor;
  const a1 = tf.layers
    .conv2d({ filters: 5, kernelSize: 3, padding: 'same', name: 'conv2a' })
    .apply(stem) as tf.SymbolicTensor;
  const a2 = tf.layers.batchNormalization({ name: 'bn2a' }).apply(a1) as tf.SymbolicTensor;
  const b1 = tf.layers.conv2d({ filters: 5, kernelSize: 1, name: 'conv2b' }).apply(stem) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'join' }).apply([a2, b1]) as tf.SymbolicTensor;
  const act = tf.layers.reLU({ name: 'relu_join' }).apply(sum) as tf.SymbolicTensor;
  const c3 = tf.layers
    .conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv3' })
    .apply(act) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'flatten' }).apply(c3) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 4, name: 'fc' }).apply(flat) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  randomizeWeights(model, 23);
  return model;
}

/** Two convs concatenated along channels, a conv reading the join, global pooling, a dense head. */
export function concatCnn(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 3], name: 'image' });
  const a = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'left' })
    .apply(input) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'right' }).apply(input) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate({ name: 'cat' }).apply([a, b]) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ name: 'bn_cat' }).apply(cat) as tf.SymbolicTensor;
  const c = tf.layers
    .conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', name: 'mix' })
    .apply(bn) as tf.SymbolicTensor;
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(c) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: 6, activation: 'relu', name: 'hidden' }).apply(gap) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'probs' }).apply(hidden) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  randomizeWeights(model, 37);
  return model;
}

export async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      captured = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return captured!;
}

/** A copy of `model` (save -> load) whose kernels are multiplied by the given masks. */
export async function maskedCopy(model: tf.LayersModel, masks: Map<string, Uint8Array>): Promise<tf.LayersModel> {
  const copy = await tf.loadLayersModel(tf.io.fromMemory(await artifactsOf(model)));
  for (const layer of copy.layers) {
    if (!layer.weights.some((w) => masks.has(w.originalName))) continue;
    // getWeights hands out the variables' own tensors: they must not be disposed here
    const values = layer.getWeights();
    const created: tf.Tensor[] = [];
    const next = values.map((t, i) => {
      const mask = masks.get(layer.weights[i].originalName);
      if (!mask) return t;
      const data = t.dataSync().slice();
      for (let k = 0; k < data.length; k++) if (!mask[k]) data[k] = 0;
      const masked = tf.tensor(data, t.shape, 'float32');
      created.push(masked);
      return masked;
    });
    layer.setWeights(next);
    tf.dispose(created);
  }
  return copy;
}

export function demoModelExists(id: string): boolean {
  return existsSync(`public/models/${id}/model.json`) && existsSync(`public/models/${id}/weights.bin`);
}

/** Loads public/models/<id> (TF.js layers format, one weights shard). */
export async function loadDemoModel(id: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(`public/models/${id}/model.json`, 'utf8'));
  const bin = readFileSync(`public/models/${id}/weights.bin`);
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  const weightSpecs = (json.weightsManifest as { weights: tf.io.WeightsManifestEntry[] }[]).flatMap((g) => g.weights);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
}

/** The first n Fashion-MNIST test images as [n, 28, 28, 1] in [0, 1], or null when the file is absent. */
export function fashionTestImages(n: number): tf.Tensor4D | null {
  const file = 'public/data/fashion-mnist/t10k-images-idx3-ubyte.gz';
  if (!existsSync(file)) return null;
  const bytes = gunzipSync(readFileSync(file));
  const pixels = new Float32Array(n * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = bytes[16 + i] / 255;
  return tf.tensor4d(pixels, [n, 28, 28, 1]);
}

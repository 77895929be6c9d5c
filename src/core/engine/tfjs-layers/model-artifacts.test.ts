import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactsToFiles, layersModelToFiles, ModelArtifactsError } from './model-artifacts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function smallCnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ name: 'conv1', inputShape: [6, 6, 1], filters: 3, kernelSize: 3, padding: 'same' }),
      tf.layers.batchNormalization({ name: 'bn1', epsilon: 1e-5 }),
      tf.layers.activation({ name: 'relu1', activation: 'relu' }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'fc1', units: 4 }),
    ],
  });
}

function modelFromFiles(modelJson: string, weights: Uint8Array) {
  const json = JSON.parse(modelJson);
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: buffer,
    }),
  );
}

describe('artifactsToFiles', () => {
  it('round-trips a layers model: same weights, same predictions, no leak', async () => {
    const before = tf.memory().numTensors;
    const model = smallCnn();
    // Non-trivial BN statistics so that moving mean/variance matter for the comparison.
    const bn = model.getLayer('bn1');
    const [gamma, beta] = [tf.tensor1d([1.5, 0.5, 2]), tf.tensor1d([0.1, -0.2, 0.3])];
    const [mean, variance] = [tf.tensor1d([0.2, -0.1, 0.05]), tf.tensor1d([0.5, 2, 1.2])];
    bn.setWeights([gamma, beta, mean, variance]);
    tf.dispose([gamma, beta, mean, variance]);

    const files = await layersModelToFiles(model, 'shard1.bin');
    const json = JSON.parse(files.modelJson);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['shard1.bin']);
    const names = json.weightsManifest[0].weights.map((w: { name: string }) => w.name);
    // tfjs lists trainable weights before non-trainable ones (BN moving statistics); order is its own.
    expect([...names].sort()).toEqual([
      'bn1/beta',
      'bn1/gamma',
      'bn1/moving_mean',
      'bn1/moving_variance',
      'conv1/bias',
      'conv1/kernel',
      'fc1/bias',
      'fc1/kernel',
    ]);
    const params = 3 * 3 * 1 * 3 + 3 + 4 * 3 + 27 * 4 + 4;
    expect(files.weights.byteLength).toBe(4 * params);

    const loaded = await modelFromFiles(files.modelJson, files.weights);
    const original = model.getWeights();
    const restored = loaded.getWeights();
    expect(restored.length).toBe(original.length);
    for (let i = 0; i < original.length; i++) {
      expect(restored[i].shape).toEqual(original[i].shape);
      expect(Array.from(restored[i].dataSync())).toEqual(Array.from(original[i].dataSync()));
    }
    const x = tf.randomUniform([5, 6, 6, 1], 0, 1, 'float32', 7);
    const [ya, yb] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
    tf.dispose([x, ya, yb]);
    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('joins sharded weightData (ArrayBuffer[]) in order', () => {
    const a = new Float32Array([1, 2, 3]).buffer;
    const b = new Float32Array([4, 5]).buffer;
    const topology = { class_name: 'Sequential', config: { name: 'm', layers: [] } };
    const files = artifactsToFiles({ modelTopology: topology, weightSpecs: [], weightData: [a, b] });
    expect(Array.from(new Float32Array(files.weights.buffer, files.weights.byteOffset, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.parse(files.modelJson).weightsManifest[0].paths).toEqual(['weights.bin']);
    const single = artifactsToFiles({ modelTopology: topology, weightSpecs: [], weightData: a });
    expect(Array.from(new Float32Array(single.weights.buffer))).toEqual([1, 2, 3]);
  });

  it('refuses artifacts without a JSON topology', () => {
    expect(() => artifactsToFiles({ weightSpecs: [] })).toThrow(ModelArtifactsError);
    expect(() => artifactsToFiles({ modelTopology: new ArrayBuffer(4) })).toThrow(/only layers models/);
  });
});

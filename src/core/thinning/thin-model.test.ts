import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeChannels } from '../graph/channel-graph';
import { channelMasksFor, zeroAlongAxis, type FilterRemoval } from '../graph/propagate';
import {
  artifactsOf,
  concatCnn,
  demoModelExists,
  fashionTestImages,
  loadDemoModel,
  maskedCopy,
  residualCnn,
  smallSequentialCnn,
} from '../graph/test-models';
import { structuredMask } from '../pruning/structures';
import { describeEachBackend, useBackend } from '../test-backends';
import { ThinningError } from './errors';
import { thinModel } from './thin-model';
import { thinnedAgreement } from './thinned-agreement';

/** Masks on the producers' own filters only: what zeroing a filter without propagation gives. */
function producerOnlyMasks(model: tf.LayersModel, removed: FilterRemoval): Map<string, Uint8Array> {
  const graph = analyzeChannels(model);
  const masks = new Map<string, Uint8Array>();
  for (const [layer, filters] of Object.entries(removed)) {
    const p = graph.producers.find((x) => x.layerName === layer)!;
    const m = new Uint8Array(p.kernelShape.reduce((a, b) => a * b, 1)).fill(1);
    zeroAlongAxis(m, p.kernelShape, p.kernelShape.length - 1, filters);
    masks.set(p.kernelName, m);
  }
  return masks;
}

function weightValues(model: tf.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, w.read().dataSync().slice() as Float32Array]));
}

function layerConfig(model: tf.LayersModel, name: string): Record<string, unknown> {
  return model.getLayer(name).getConfig() as Record<string, unknown>;
}

describeEachBackend('thinModel (Sequential conv-BN-pool-conv-BN-flatten-dense-dense)', () => {
  const removed = { conv1: [1, 4], conv2: [0, 3, 7] };

  it('agrees with the masked model when masks propagate to consumers, and not without', async () => {
    const model = smallSequentialCnn();
    const graph = analyzeChannels(model);
    const masked = await maskedCopy(model, channelMasksFor(graph, removed));
    const unpropagated = await maskedCopy(model, producerOnlyMasks(model, removed));
    const x = tf.randomNormal([32, 8, 8, 2], 0, 1, 'float32', 5);
    const before = tf.memory().numTensors;
    const thinned = await thinModel(model, removed);
    const agree = await thinnedAgreement(masked, thinned, x, 10);
    const naive = await thinnedAgreement(unpropagated, thinned, x, 10);
    expect(agree).toBeLessThanOrEqual(1e-5);
    // BN shift and bias of a zeroed filter still reach conv2/fc1 in the naive masked model
    expect(naive).toBeGreaterThan(1e-2);
    thinned.dispose();
    expect(tf.memory().numTensors, 'thinning and agreement leak no tensor').toBe(before);
    tf.dispose([x]);
    masked.dispose();
    unpropagated.dispose();
    model.dispose();
  });

  it('removes exactly the hand-counted parameters and leaves the source model untouched', async () => {
    const model = smallSequentialCnn();
    const snapshot = weightValues(model);
    const thinned = await thinModel(model, removed);
    // conv1: 2 filters x (3*3*2 weights + 1 bias); bn1: 2 x 4 entries; conv2: [3,3,6,8] -> [3,3,4,5] and 3 biases;
    // bn2: 3 x 4 entries; fc1: 4*4 positions x 3 channels = 48 rows of 5 weights.
    const expectedDrop = 2 * (3 * 3 * 2 + 1) + 2 * 4 + (3 * 3 * 6 * 8 - 3 * 3 * 4 * 5) + 3 + 3 * 4 + 4 * 4 * 3 * 5;
    expect(model.countParams() - thinned.countParams()).toBe(expectedDrop);
    expect(layerConfig(thinned, 'conv1').filters).toBe(4);
    expect(layerConfig(thinned, 'conv2').filters).toBe(5);
    expect(layerConfig(model, 'conv2').filters).toBe(8);
    const after = weightValues(model);
    for (const [name, values] of snapshot) expect(after.get(name), name).toEqual(values);
    // a surviving weight lands where its kept indices say: conv2 in 0,2,3,5 / out 1,2,4,5,6
    const src = snapshot.get('conv2/kernel')!;
    const thin = weightValues(thinned).get('conv2/kernel')!;
    const at = (y: number, xx: number, i: number, o: number, inC: number, outC: number) =>
      ((y * 3 + xx) * inC + i) * outC + o;
    expect(thin[at(2, 1, 3, 4, 4, 5)]).toBe(src[at(2, 1, 5, 6, 6, 8)]);
    const bnBeta = weightValues(thinned).get('bn2/moving_variance')!;
    const srcBeta = snapshot.get('bn2/moving_variance')!;
    expect([...bnBeta]).toEqual([1, 2, 4, 5, 6].map((j) => srcBeta[j]));
    thinned.dispose();
    model.dispose();
  });

  it('survives save and reload with identical outputs', async () => {
    const model = smallSequentialCnn();
    const thinned = await thinModel(model, removed);
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(await artifactsOf(thinned)));
    const x = tf.randomUniform([8, 8, 8, 2], -1, 1, 'float32', 9);
    expect(await thinnedAgreement(thinned, reloaded, x)).toBe(0);
    x.dispose();
    reloaded.dispose();
    thinned.dispose();
    model.dispose();
  });

  it('refuses the output layer, emptying a layer and unknown layers with ThinningError', async () => {
    const model = smallSequentialCnn();
    const before = tf.memory().numTensors;
    await expect(thinModel(model, { fc2: [0] })).rejects.toThrow(ThinningError);
    await expect(thinModel(model, { fc2: [0] })).rejects.toThrow(/'fc2'.*output layer/);
    await expect(thinModel(model, { conv1: [0, 1, 2, 3, 4, 5] })).rejects.toThrow(/would empty the layer/);
    await expect(thinModel(model, { pool1: [0] })).rejects.toThrow(/'pool1' is not a Conv2D or Dense layer/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('thinModel on functional models', () => {
  beforeAll(() => useBackend('cpu'));

  it('refuses a partial removal of Add-coupled convs and thins the whole group', async () => {
    const model = residualCnn();
    await expect(thinModel(model, { conv2a: [1] })).rejects.toThrow(ThinningError);
    await expect(thinModel(model, { conv2a: [1] })).rejects.toThrow(
      /'conv2a', 'conv2b' feed the same 'join': prune them together/,
    );
    const removed = { conv2a: [0, 3], conv2b: [0, 3], stem: [2], conv3: [1] };
    const masked = await maskedCopy(model, channelMasksFor(analyzeChannels(model), removed));
    const thinned = await thinModel(model, removed);
    const x = tf.randomNormal([16, 6, 6, 2], 0, 1, 'float32', 3);
    expect(await thinnedAgreement(masked, thinned, x)).toBeLessThanOrEqual(1e-5);
    expect(thinned.getLayer('bn2a').getWeights()[0].shape).toEqual([3]);
    expect(thinned.getLayer('conv3').getWeights()[0].shape).toEqual([3, 3, 3, 2]);
    expect(thinned.getLayer('fc').getWeights()[0].shape).toEqual([6 * 6 * 2, 4]);
    tf.dispose(x);
    [masked, thinned, model].forEach((m) => m.dispose());
  });

  it('slices a Concatenate consumer and its BatchNorm at the right offsets, through global pooling', async () => {
    const model = concatCnn();
    const removed = { left: [0, 3], right: [1], mix: [2], hidden: [1, 4] };
    const masked = await maskedCopy(model, channelMasksFor(analyzeChannels(model), removed));
    const thinned = await thinModel(model, removed);
    const x = tf.randomNormal([16, 6, 6, 3], 0, 1, 'float32', 4);
    expect(await thinnedAgreement(masked, thinned, x)).toBeLessThanOrEqual(1e-5);
    expect(thinned.getLayer('bn_cat').getWeights()[0].shape).toEqual([4]);
    expect(thinned.getLayer('mix').getWeights()[0].shape).toEqual([3, 3, 4, 4]);
    tf.dispose(x);
    [masked, thinned, model].forEach((m) => m.dispose());
  });
});

describe.runIf(demoModelExists('vgg'))('thinModel on the demo VGG', () => {
  beforeAll(() => useBackend('cpu'));

  it('removes 50% of conv2/conv3 filters by L1: thinned equals masked on test images, fewer parameters', async () => {
    const model = await loadDemoModel('vgg');
    const removed: Record<string, number[]> = {};
    for (const name of ['conv2', 'conv3']) {
      const kernel = model.getLayer(name).getWeights()[0];
      removed[name] = structuredMask(kernel.dataSync(), kernel.shape, 'filters', 0.5, { norm: 'l1' }).pruned;
    }
    expect(removed.conv2).toHaveLength(16);
    expect(removed.conv3).toHaveLength(16);
    const x = fashionTestImages(64) ?? tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 1);
    const masked = await maskedCopy(model, channelMasksFor(analyzeChannels(model), removed));
    const unpropagated = await maskedCopy(model, producerOnlyMasks(model, removed));
    const before = tf.memory().numTensors;
    const thinned = await thinModel(model, removed);
    const agree = await thinnedAgreement(masked, thinned, x);
    const naive = await thinnedAgreement(unpropagated, thinned, x);
    console.log(
      `vgg: params ${model.countParams()} -> ${thinned.countParams()}; max|masked - thinned| = ` +
        `${agree.toExponential(2)}; without consumer masks ${naive.toExponential(2)}`,
    );
    expect(agree).toBeLessThanOrEqual(1e-5);
    expect(naive).toBeGreaterThan(1e-3);
    // conv2: 16 filters x (3*3*16 + 1), bn2: 16 x 4, conv3: [3,3,32,32] -> [3,3,16,16] + 16 biases, bn3: 16 x 4, conv4
    // input rows 16 x 3*3*64
    const expectedDrop =
      16 * (3 * 3 * 16 + 1) + 16 * 4 + (3 * 3 * 32 * 32 - 3 * 3 * 16 * 16) + 16 + 16 * 4 + 16 * 3 * 3 * 64;
    expect(model.countParams() - thinned.countParams()).toBe(expectedDrop);
    await expect(thinModel(model, { fc2: [3] })).rejects.toThrow(/'fc2' \(Dense\) is the model's output layer/);
    thinned.dispose();
    // conv4 feeds fc1 through pool3 (3x3) and Flatten: rows (y * 3 + x) * 64 + c go with channel c
    const deeper = { conv4: [0, 5, 17, 40, 63], fc1: [2, 100] };
    const masked4 = await maskedCopy(model, channelMasksFor(analyzeChannels(model), deeper));
    const thinned4 = await thinModel(model, deeper);
    expect(thinned4.getLayer('fc1').getWeights()[0].shape).toEqual([3 * 3 * 59, 126]);
    expect(await thinnedAgreement(masked4, thinned4, x)).toBeLessThanOrEqual(1e-5);
    masked4.dispose();
    thinned4.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    [masked, unpropagated, model].forEach((m) => m.dispose());
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../test-backends';
import { analyzeChannels, producerInfo } from './channel-graph';
import { concatCnn, residualCnn, smallSequentialCnn } from './test-models';

function producer(graph: ReturnType<typeof analyzeChannels>, name: string) {
  const p = producerInfo(graph, name);
  if (!p) throw new Error(`no producer ${name}`);
  return p;
}

describe('analyzeChannels', () => {
  beforeAll(() => useBackend('cpu'));

  it('follows a Sequential conv-BN-pool-conv-flatten-dense chain', () => {
    const model = smallSequentialCnn();
    const before = tf.memory().numTensors;
    const graph = analyzeChannels(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(graph.producers.map((p) => p.layerName)).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
    const conv1 = producer(graph, 'conv1');
    expect(conv1).toMatchObject({
      kernelName: 'conv1/kernel',
      biasName: 'conv1/bias',
      kernelShape: [3, 3, 2, 6],
      outChannels: 6,
      batchNorms: ['bn1'],
      prunable: true,
      coupledWith: [],
    });
    expect(conv1.consumers).toEqual([
      {
        layerName: 'conv2',
        kernelName: 'conv2/kernel',
        kernelShape: [3, 3, 6, 8],
        kind: 'conv-in',
        offset: 0,
        inChannels: 6,
      },
    ]);
    const conv2 = producer(graph, 'conv2');
    // pool1 halves 8x8 to 4x4; conv2 keeps it ('same'), so Flatten sees [4, 4, 8]
    expect(conv2.consumers).toEqual([
      {
        layerName: 'fc1',
        kernelName: 'fc1/kernel',
        kernelShape: [128, 5],
        kind: 'dense-rows',
        offset: 0,
        inChannels: 8,
        spatial: { h: 4, w: 4 },
      },
    ]);
    expect(conv2.batchNorms).toEqual(['bn2']);
    expect(producer(graph, 'fc1').consumers.map((c) => [c.layerName, c.kind, c.spatial])).toEqual([
      ['fc2', 'dense-rows', undefined],
    ]);
    const fc2 = producer(graph, 'fc2');
    expect(fc2.prunable).toBe(false);
    expect(fc2.reason).toMatch(/'fc2' \(Dense\) is the model's output layer.*classes/);
    expect(graph.groups).toEqual([]);
    model.dispose();
  });

  it('couples the branches of an Add and gives both the consumers after it', () => {
    const model = residualCnn();
    const graph = analyzeChannels(model);
    expect(graph.groups).toEqual([{ members: ['conv2a', 'conv2b'], via: ['join'] }]);
    const a = producer(graph, 'conv2a');
    const b = producer(graph, 'conv2b');
    expect(a.coupledWith).toEqual(['conv2b']);
    expect(b.coupledWith).toEqual(['conv2a']);
    expect(a.prunable && b.prunable).toBe(true);
    expect(a.consumers.map((c) => c.layerName)).toEqual(['conv3']);
    expect(b.consumers.map((c) => c.layerName)).toEqual(['conv3']);
    // bn2a sits on conv2a's branch, but the group loses the same channels, so both must slice it
    expect(a.batchNorms).toEqual(['bn2a']);
    expect(b.batchNorms).toEqual(['bn2a']);
    expect(producer(graph, 'stem').consumers.map((c) => c.layerName)).toEqual(['conv2a', 'conv2b']);
    expect(producer(graph, 'conv3').consumers[0]).toMatchObject({
      layerName: 'fc',
      spatial: { h: 6, w: 6 },
      inChannels: 3,
    });
    model.dispose();
  });

  it('gives Concatenate inputs their channel offsets, through BN and global pooling', () => {
    const model = concatCnn();
    const graph = analyzeChannels(model);
    expect(producer(graph, 'left').consumers).toEqual([
      expect.objectContaining({ layerName: 'mix', offset: 0, inChannels: 7 }),
    ]);
    expect(producer(graph, 'right').consumers).toEqual([
      expect.objectContaining({ layerName: 'mix', offset: 4, inChannels: 7 }),
    ]);
    expect(producer(graph, 'right').batchNormSlices).toEqual([{ layerName: 'bn_cat', offset: 4 }]);
    expect(producer(graph, 'left').coupledWith).toEqual([]);
    // global pooling maps channel j to feature j: rows of the dense, no spatial repeat
    expect(producer(graph, 'mix').consumers).toEqual([
      expect.objectContaining({ layerName: 'hidden', kind: 'dense-rows', offset: 0, inChannels: 5 }),
    ]);
    expect(producer(graph, 'mix').consumers[0].spatial).toBeUndefined();
    expect(producer(graph, 'hidden').prunable).toBe(true);
    expect(producer(graph, 'probs').prunable).toBe(false);
    model.dispose();
  });

  it('marks producers whose channels pass through a layer it does not follow, naming that layer', () => {
    const reshape = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 4, kernelSize: 3, name: 'conv' }),
        tf.layers.reshape({ targetShape: [64], name: 'reshape' }),
        tf.layers.dense({ units: 5, name: 'hidden' }),
        tf.layers.dense({ units: 2, name: 'out' }),
      ],
    });
    const g1 = analyzeChannels(reshape);
    expect(producer(g1, 'conv').prunable).toBe(false);
    expect(producer(g1, 'conv').reason).toContain("'reshape' (Reshape)");
    expect(producer(g1, 'hidden').prunable).toBe(true);
    reshape.dispose();

    const depthwise = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 4, kernelSize: 3, name: 'conv' }),
        tf.layers.depthwiseConv2d({ kernelSize: 3, name: 'dw' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.dense({ units: 2, name: 'out' }),
      ],
    });
    // a depthwise conv passes channels through (depthwise-channels.test.ts); a separable one is not followed
    expect(producer(analyzeChannels(depthwise), 'conv').prunable).toBe(true);
    depthwise.dispose();
    const separable = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 4, kernelSize: 3, name: 'conv' }),
        tf.layers.separableConv2d({ filters: 3, kernelSize: 3, name: 'sep' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.dense({ units: 2, name: 'out' }),
      ],
    });
    expect(producer(analyzeChannels(separable), 'conv').reason).toContain("'sep' (SeparableConv2D)");
    separable.dispose();
  });

  it('refuses channels that reach the model output directly, and Adds with a non-producer input', () => {
    const gapOut = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 4, kernelSize: 3, name: 'conv' }),
        tf.layers.globalAveragePooling2d({ name: 'gap' }),
      ],
    });
    const g = analyzeChannels(gapOut);
    expect(producer(g, 'conv').prunable).toBe(false);
    expect(producer(g, 'conv').reason).toContain("model output 'gap' (GlobalAveragePooling2D)");
    gapOut.dispose();

    const input = tf.input({ shape: [5, 5, 3], name: 'image' });
    const c = tf.layers
      .conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv' })
      .apply(input) as tf.SymbolicTensor;
    const skip = tf.layers.add({ name: 'skip' }).apply([c, input]) as tf.SymbolicTensor;
    const flat = tf.layers.flatten({ name: 'flat' }).apply(skip) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, name: 'out' }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const g2 = analyzeChannels(model);
    expect(producer(g2, 'conv').prunable).toBe(false);
    expect(producer(g2, 'conv').reason).toMatch(/'skip' \(Add\).*'image'/);
    model.dispose();
  });

  it('refuses a softmax in the middle of a path (it mixes channels)', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 6, activation: 'softmax', name: 'attention' }),
        tf.layers.dense({ units: 3, name: 'mid' }),
        tf.layers.activation({ activation: 'softmax', name: 'sm' }),
        tf.layers.dense({ units: 2, name: 'out' }),
      ],
    });
    const g = analyzeChannels(model);
    expect(producer(g, 'attention').reason).toContain('softmax');
    expect(producer(g, 'mid').reason).toContain("'sm' (Activation)");
    model.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { NamedBytes } from '../../types';
import { describeEachBackend } from '../../test-backends';
import { GraphModelEngine } from './graph-engine';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const ints = (...v: number[]) => ({ list: { i: v.map(String) } });
const f32 = { type: 'DT_FLOAT' };
const conv = { T: f32, strides: ints(1, 1, 1, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') } };
const constNode = (name: string, dtype = 'DT_FLOAT') => ({ name, op: 'Const', attr: { dtype: { type: dtype } } });

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

const W = {
  kernel: { shape: [3, 3, 1, 4], values: seeded(36, 1) },
  bias: { shape: [4], values: seeded(4, 2) },
  dw: { shape: [3, 3, 4, 1], values: seeded(36, 3) },
  fc: { shape: [256, 10], values: seeded(2560, 4) },
};

/** A converter-style graph model: fused conv, depthwise conv, Reshape, MatMul behind an Identity. */
function graphModelFiles(): NamedBytes[] {
  const node = [
    {
      name: 'x',
      op: 'Placeholder',
      attr: { dtype: f32, shape: { shape: { dim: [-1, 8, 8, 1].map((d) => ({ size: String(d) })) } } },
    },
    constNode('conv/kernel'),
    constNode('conv/bias'),
    constNode('dw/kernel'),
    constNode('flat/shape', 'DT_INT32'),
    constNode('fc/kernel'),
    { name: 'fc/kernel/read', op: 'Identity', input: ['fc/kernel'], attr: { T: f32 } },
    {
      name: 'conv/Relu',
      op: '_FusedConv2D',
      input: ['x', 'conv/kernel', 'conv/bias'],
      attr: {
        ...conv,
        dilations: ints(1, 1, 1, 1),
        num_args: { i: '1' },
        fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } },
      },
    },
    {
      name: 'dw',
      op: 'DepthwiseConv2dNative',
      input: ['conv/Relu', 'dw/kernel'],
      attr: { ...conv, dilations: ints(1, 1, 1, 1) },
    },
    { name: 'dw/Relu', op: 'Relu', input: ['dw'], attr: { T: f32 } },
    { name: 'flat', op: 'Reshape', input: ['dw/Relu', 'flat/shape'], attr: { T: f32 } },
    {
      name: 'fc',
      op: 'MatMul',
      input: ['flat', 'fc/kernel/read'],
      attr: { T: f32, transpose_a: { b: false }, transpose_b: { b: false } },
    },
    { name: 'out', op: 'Identity', input: ['fc'], attr: { T: f32 } },
  ];
  const weights = [
    { name: 'conv/kernel', shape: W.kernel.shape, dtype: 'float32' },
    { name: 'conv/bias', shape: W.bias.shape, dtype: 'float32' },
    { name: 'dw/kernel', shape: W.dw.shape, dtype: 'float32' },
    { name: 'flat/shape', shape: [2], dtype: 'int32' },
    { name: 'fc/kernel', shape: W.fc.shape, dtype: 'float32' },
  ];
  const data = [W.kernel.values, W.bias.values, W.dw.values, new Int32Array([-1, 256]), W.fc.values];
  const bin = new Uint8Array(data.reduce((n, a) => n + a.byteLength, 0));
  data.reduce((o, a) => (bin.set(new Uint8Array(a.buffer), o), o + a.byteLength), 0);
  const json = {
    format: 'graph-model',
    modelTopology: { node, versions: { producer: 1 } },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }],
  };
  return [
    { name: 'net/model.json', bytes: new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer },
    { name: 'net/group1-shard1of1.bin', bytes: bin.buffer },
  ];
}

/** The same network with tf ops, the independent reference. */
function reference(x: tf.Tensor4D, fc: Float32Array): tf.Tensor {
  return tf.tidy(() => {
    const k = tf.tensor4d(W.kernel.values, W.kernel.shape as [number, number, number, number]);
    let y = tf.relu(tf.add(tf.conv2d(x, k, 1, 'same'), tf.tensor1d(W.bias.values)));
    y = tf.relu(tf.depthwiseConv2d(y as tf.Tensor4D, tf.tensor4d(W.dw.values, [3, 3, 4, 1]), 1, 'same'));
    return tf.matMul(tf.reshape(y, [-1, 256]), tf.tensor2d(fc, [256, 10]));
  });
}

describeEachBackend('TF.js graph model engine', () => {
  it('finds the Conv2D, depthwise and MatMul kernels by walking the graph', async () => {
    const engine = await GraphModelEngine.open(graphModelFiles());
    expect(engine.tensors.map((t) => [t.name, t.role, t.axes.out])).toEqual([
      ['conv/kernel', 'conv', 3],
      ['dw/kernel', 'depthwise', 2],
      ['fc/kernel', 'dense', 1],
    ]);
    expect(engine.inputShape).toEqual([8, 8, 1]);
    engine.dispose();
  });

  it('evaluates masked weights swapped into the weight map, without leaks, and exports them', async () => {
    const engine = await GraphModelEngine.open(graphModelFiles());
    const x = tf.randomNormal([5, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const masked = W.fc.values.map((v, i) => (i % 3 === 0 ? 0 : v));
    const before = tf.memory().numTensors;
    for (const fc of [W.fc.values, masked, W.fc.values, masked]) {
      engine.writeWeights('fc/kernel', fc);
      const [y, r] = [engine.predict(x), reference(x, fc)];
      const diff = tf.tidy(() => tf.abs(tf.sub(y, r)).max());
      expect((await diff.data())[0]).toBeLessThan(1e-4);
      tf.dispose([y, r, diff]);
    }
    expect(tf.memory().numTensors).toBe(before + 0);
    const files = await engine.exportFiles();
    const again = await GraphModelEngine.open(files);
    expect(await again.readWeights('fc/kernel')).toEqual(masked);
    const [a, b] = [engine.predict(x), again.predict(x)];
    expect(await a.data()).toEqual(await b.data());
    tf.dispose([a, b, x]);
    engine.dispose();
    again.dispose();
  });

  it('refuses a missing shard by name', async () => {
    await expect(GraphModelEngine.open(graphModelFiles().slice(0, 1))).rejects.toThrow(/missing: group1-shard1of1.bin/);
  });
});

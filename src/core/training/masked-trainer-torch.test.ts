// The whole masked fine-tuning step (forward, gradients through conv, pooling and dense layers,
// SGD with momentum and weight decay, masks re-applied after each step) against PyTorch doing the
// same, as Distiller does (fixture from scripts/make_torch_finetune_fixture.py).
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import fixture from './fixtures/torch-masked-finetune.json';
import { maskedFineTune } from './masked-fine-tune';

function lenetLike(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [14, 14, 1], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv1' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 3, activation: 'relu', name: 'conv2' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, activation: 'relu', name: 'fc1' }));
  m.add(tf.layers.dense({ units: 3, name: 'fc2' }));
  return m;
}

const shapes = fixture.shapes as Record<string, number[]>;
const weights = fixture.weights as Record<string, number[]>;

describeEachBackend('masked fine-tuning against PyTorch', () => {
  it('per-step losses and final weights match, pruned weights stay exactly zero', async () => {
    const model = lenetLike();
    model.setWeights(model.weights.map((w) => tf.tensor(weights[w.originalName], shapes[w.originalName])));
    const masks = new Map(Object.entries(fixture.masks).map(([k, v]) => [k, Uint8Array.from(v)]));
    const n = fixture.y.length;
    const data = { x: tf.tensor4d(fixture.x, [n, 14, 14, 1]), y: tf.tensor1d(fixture.y, 'int32') };
    const { lr, momentum, weightDecay, steps } = fixture.optimizer;
    const losses: number[] = [];
    const result = await expectNoLeak(() =>
      maskedFineTune(model, masks, data, {
        optimizer: { kind: 'sgd', lr, momentum },
        weightDecay,
        batchSize: n, // one full batch per epoch: the shuffle cannot change the step
        epochs: steps,
        onBatch: (p) => losses.push(p.loss),
      }),
    );
    expect(result.prunedNonZero).toBe(0);
    expect(losses).toHaveLength(steps);
    losses.forEach((l, i) => expect(Math.abs(l - fixture.losses[i]), `step ${i + 1}`).toBeLessThan(1e-5));
    const final = fixture.final as Record<string, number[]>;
    for (const w of model.weights) {
      const got = await w.read().data();
      const want = final[w.originalName];
      let max = 0;
      for (let i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - want[i]));
      expect(max, w.originalName).toBeLessThan(1e-5);
      const mask = masks.get(w.originalName);
      if (mask) expect(got.filter((v, i) => !mask[i] && v !== 0)).toHaveLength(0);
    }
    // the kept weights did move: the comparison is not of untouched starting values
    const start = weights['fc1/kernel'];
    const end = final['fc1/kernel'];
    expect(end.some((v, i) => v !== 0 && Math.abs(v - start[i]) > 1e-4)).toBe(true);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});

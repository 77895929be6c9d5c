// A schedule run with Distiller's activation- and gradient-ranked filter pruners (statistics and
// gradients measured on the training data), a regularizer in the loss and an LR scheduler, per
// backend, leak-checked.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import { runSchedule } from './run-schedule';
import type { PrunerConfig, Schedule } from './schedule';

/** d1: 4 ReLU units on 3 inputs; unit 0 is always off, 1 and 3 always on, 2 on for x0 > 0. */
function model(): tf.LayersModel {
  const input = tf.input({ shape: [3] });
  const d1 = tf.layers.dense({ units: 4, activation: 'relu', name: 'd1' });
  const out = tf.layers.dense({ units: 2, name: 'out', kernelInitializer: 'ones' });
  const m = tf.model({ inputs: input, outputs: out.apply(d1.apply(input)) as tf.SymbolicTensor });
  tf.tidy(() =>
    d1.setWeights([
      tf.tensor2d([0.1, 0.2, 1, 0.4, 0.1, 0.2, 0, 0.4, 0.1, 0.2, 0, 0.4], [3, 4]),
      tf.tensor1d([-100, 100, 0, 100]),
    ]),
  );
  return m;
}

/** x0 alternates sign; x1, x2 in [0, 1). */
function data() {
  const n = 8;
  const x = Array.from({ length: n }, (_, i) => [i % 2 ? -1 : 1, (i % 3) / 3, (i % 5) / 5]);
  return {
    x: tf.tensor2d(x),
    y: tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 2),
      'int32',
    ),
  };
}

async function run(schedule: Schedule) {
  const m = model();
  const d = data();
  try {
    return await expectNoLeak(() =>
      runSchedule(m, d, d, schedule, {
        epochs: 1,
        optimizer: { kind: 'sgd', lr: 1e-6 },
        batchSize: 4,
        checkpoints: 'none',
      }),
    );
  } finally {
    m.dispose();
    tf.dispose([d.x, d.y]);
  }
}

const filtersRule = (pruner: PrunerConfig): Schedule => ({
  rules: [{ name: 'f', pruner, tensors: ['d1/kernel'], when: { epochs: [0] } }],
});
const keptUnits = (mask: Uint8Array) => [0, 1, 2, 3].map((j) => mask[j]);

describeEachBackend('runSchedule with Distiller filter rankings', () => {
  it('APoZ on the training data: unit 0 (100% zeros) then unit 2 (50%) go first', async () => {
    const one = await run(filtersRule({ kind: 'ranked-filters', ranking: 'apoz', target: { sparsity: 0.25 } }));
    expect(keptUnits(one.masks.get('d1/kernel')!)).toEqual([0, 1, 1, 1]);
    const two = await run(filtersRule({ kind: 'ranked-filters', ranking: 'apoz', target: { sparsity: 0.5 } }));
    expect(keptUnits(two.masks.get('d1/kernel')!)).toEqual([0, 1, 0, 1]);
  });

  it('mean activation: Distiller prunes the highest means (units 1 and 3 carry the bias 100)', async () => {
    const r = await run(filtersRule({ kind: 'ranked-filters', ranking: 'mean', target: { sparsity: 0.5 } }));
    expect(keptUnits(r.masks.get('d1/kernel')!)).toEqual([1, 0, 1, 0]);
  });

  it('gradient: the filter with the lowest signed Σ w ⊙ grad, from an independent tape', async () => {
    const m = model();
    const d = data();
    const scores = tf.tidy(() => {
      const kernel = m.getLayer('d1').trainableWeights[0].read() as tf.Variable;
      const g = tf.grad((k: tf.Tensor) => {
        const h = tf.relu(tf.add(tf.matMul(d.x, k), m.getLayer('d1').getWeights()[1]));
        const logits = m.getLayer('out').apply(h) as tf.Tensor;
        return tf.losses.softmaxCrossEntropy(tf.oneHot(d.y, 2), logits);
      })(kernel);
      return Array.from(tf.sum(tf.mul(g, kernel), 0).dataSync());
    });
    m.dispose();
    tf.dispose([d.x, d.y]);
    const lowest = scores.indexOf(Math.min(...scores));
    const r = await run(filtersRule({ kind: 'ranked-filters', ranking: 'gradient', target: { sparsity: 0.25 } }));
    expect(keptUnits(r.masks.get('d1/kernel')!)).toEqual([0, 1, 2, 3].map((j) => (j === lowest ? 0 : 1)));
  });

  it('an L1 regularizer: its loss λ Σ|w| at the end of each active epoch; StepLR halves the rate per epoch', async () => {
    const schedule: Schedule = {
      rules: [],
      regularizers: [
        {
          name: 'l1',
          regularizer: { kind: 'l1', strengths: { 'd1/kernel': 0.01 } },
          when: { start: 0, end: 1, frequency: 1 },
          keepMask: false,
        },
      ],
      lrSchedulers: [
        { name: 'lr', scheduler: { kind: 'step', stepSize: 1, gamma: 0.5 }, when: { start: 0, end: 3, frequency: 1 } },
      ],
    };
    const m = model();
    const d = data();
    const r = await expectNoLeak(() =>
      runSchedule(m, d, d, schedule, {
        epochs: 3,
        optimizer: { kind: 'sgd', lr: 0.1 },
        batchSize: 4,
        checkpoints: 'none',
      }),
    );
    const epochs = r.timeline.filter((e) => e.kind === 'epoch');
    expect(epochs.map((e) => e.lr)).toEqual([0.1, 0.05, 0.025]);
    const absSum = tf.tidy(() => tf.sum(tf.abs(m.getLayer('d1').getWeights()[0])).dataSync()[0]);
    expect(epochs[0].regularizationLoss).toBeGreaterThan(0);
    expect(epochs[1].regularizationLoss).toBeUndefined();
    // the last epochs trained without it; λ Σ|w| of the final weights is close to the epoch-0 value
    expect(epochs[0].regularizationLoss).toBeCloseTo(0.01 * absSum, 2);
    m.dispose();
    tf.dispose([d.x, d.y]);
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../pruning';
import { expectNoLeak, useBackend } from '../test-backends';
import { PauseGate } from '../training/pause-gate';
import { restoreCheckpoint, runSchedule, type TimelineEvent } from './run-schedule';
import type { Schedule } from './schedule';

function mlp(): tf.LayersModel {
  const input = tf.input({ shape: [12] });
  const h = tf.layers
    .dense({
      units: 10,
      activation: 'relu',
      name: 'fc1',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    })
    .apply(input);
  const out = tf.layers
    .dense({ units: 3, name: 'fc2', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function data(n: number, seed: number): { x: tf.Tensor; y: tf.Tensor1D } {
  const r = mulberry32(seed);
  const x = Float32Array.from({ length: n * 12 }, () => r() * 2 - 1);
  const y = Int32Array.from({ length: n }, (_, i) => (x[i * 12] + x[i * 12 + 1] > 0 ? 0 : x[i * 12 + 2] > 0 ? 1 : 2));
  return { x: tf.tensor2d(x, [n, 12]), y: tf.tensor1d(y, 'int32') };
}

const AGP: Schedule = {
  rules: [
    {
      name: 'agp',
      pruner: { kind: 'agp', initialSparsity: 0.2, finalSparsity: 0.8 },
      tensors: ['fc1/kernel'],
      when: { start: 0, end: 5, frequency: 2 },
    },
  ],
};

async function zerosOf(model: tf.LayersModel, name: string): Promise<Uint8Array> {
  const w = model.weights.find((v) => v.originalName === name) as tf.LayerVariable;
  return Uint8Array.from(await w.read().data(), (v) => (v === 0 ? 1 : 0));
}

describe('runSchedule', () => {
  it('AGP: prunes at 0, 2, 4 to the Distiller targets, masks only grow, checkpoints restore', async () => {
    await useBackend('wasm');
    const model = mlp();
    const train = data(96, 1);
    const test = data(60, 2);
    const events: TimelineEvent[] = [];
    const result = await expectNoLeak(() =>
      runSchedule(model, train, test, AGP, {
        epochs: 6,
        optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9 },
        weightDecay: 1e-3,
        batchSize: 32,
        onEvent: (e) => events.push(e),
      }),
    );
    expect(events.map((e) => `${e.kind}${e.epoch}`).join(' ')).toBe(
      'start0 prune0 epoch0 epoch1 prune2 epoch2 epoch3 prune4 epoch4 epoch5',
    );
    // span = floor((5 - 0 - 1) / 2) * 2 = 4: s(t) = 0.8 + (0.2 - 0.8)(1 - t/4)^3 on 120 weights, floor(s n).
    // In double, s(0) = 0.19999999999999996, so floor(s n) = 23 (as Python computes it for Distiller).
    const prunes = events.filter((e) => e.kind === 'prune');
    expect(prunes.map((e) => e.sparsity['fc1/kernel'])).toEqual([23 / 120, 87 / 120, 96 / 120]);
    expect(events.every((e) => e.prunedNonZero === 0)).toBe(true);
    expect(events.filter((e) => e.kind === 'epoch').every((e) => e.revived > 0)).toBe(true);
    expect(events.every((e) => e.sparsity['fc2/kernel'] === 0)).toBe(true);
    // masks only grow: every checkpoint's mask is a subset of the earlier one
    for (let i = 1; i < result.checkpoints.length; i++) {
      const a = result.checkpoints[i - 1].masks.get('fc1/kernel');
      const b = result.checkpoints[i].masks.get('fc1/kernel') as Uint8Array;
      if (a) for (let j = 0; j < a.length; j++) expect(b[j] <= a[j]).toBe(true);
    }
    expect(result.checkpoints).toHaveLength(events.length);
    // restoring the step after the second pruning brings back its zeros exactly
    const cp = result.checkpoints[prunes[1].step];
    restoreCheckpoint(model, cp);
    const zeros = await zerosOf(model, 'fc1/kernel');
    expect(zeros.reduce((a, b) => a + b, 0)).toBe(87);
    model.dispose();
    tf.dispose([train.x, train.y, test.x, test.y]);
  });

  it('pauses between steps and cancels cleanly', async () => {
    await useBackend('cpu');
    const model = mlp();
    const train = data(64, 3);
    const test = data(30, 4);
    const gate = new PauseGate();
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const kinds: string[] = [];
    const run = runSchedule(model, train, test, AGP, {
      epochs: 6,
      optimizer: { kind: 'adam', lr: 0.01 },
      gate,
      signal: controller.signal,
      onEvent: (e) => {
        kinds.push(e.kind);
        if (e.kind === 'prune' && e.epoch === 2) gate.pause();
      },
    });
    // until the prune event of epoch 2 has paused the run (however loaded the machine is)
    for (let t = 0; t < 200 && !kinds.includes('prune', 2); t++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    const seen = kinds.length;
    expect(kinds[kinds.length - 1]).toBe('prune');
    await new Promise((r) => setTimeout(r, 100));
    expect(kinds.length).toBe(seen);
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    tf.dispose([train.x, train.y, test.x, test.y]);
  });
});

import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-backends';
import { maskedFineTune } from './masked-fine-tune';
import { READ_EVERY } from './masked-trainer';
import { PauseGate } from './pause-gate';
import { halfMasks, mlp, syntheticData } from './trainer-test-models';

describeEachBackend('maskedFineTune pause and cancel', () => {
  it('pauses between batches until resumed, with every finished step reported', async () => {
    const model = mlp();
    const data = syntheticData(32 * 2 * READ_EVERY, [20], 4, 10);
    const gate = new PauseGate();
    let batches = 0;
    gate.pause();
    const run = maskedFineTune(model, new Map(), data, {
      optimizer: { kind: 'sgd', lr: 0.01 },
      batchSize: 32,
      epochs: 1,
      gate,
      onBatch: (p) => {
        batches = p.batch;
        if (p.batch === 2) gate.pause(); // reported with the first read, after READ_EVERY steps
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toBe(0);
    gate.resume();
    // a cold backend may take a while over the first batches: wait for the first read, then check it stays paused
    for (const deadline = Date.now() + 5000; batches < 2 && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(batches).toBe(READ_EVERY);
    gate.resume();
    const result = await run;
    expect(batches).toBe(2 * READ_EVERY);
    expect(result.epochs).toHaveLength(1);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('cancels between batches without leaking tensors', async () => {
    const model = mlp();
    const data = syntheticData(128, [20], 4, 11);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    await expect(
      maskedFineTune(model, await halfMasks(model, ['fc1/kernel']), data, {
        optimizer: { kind: 'sgd', lr: 0.01, momentum: 0.9 },
        batchSize: 32,
        epochs: 2,
        signal: controller.signal,
        onBatch: (p) => {
          if (p.batch === 2) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});

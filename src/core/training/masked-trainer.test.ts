import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import { maskedFineTune } from './masked-fine-tune';
import { type BatchProgress } from './trainer-types';
import { cnn, halfMasks, maskedNonZero, mlp, syntheticData } from './trainer-test-models';

describeEachBackend('maskedFineTune', () => {
  it('momentum + weight decay revive pruned weights before re-masking, and none survive it', async () => {
    const model = mlp();
    const data = syntheticData(256, [20], 4, 7);
    const masks = await halfMasks(model, ['fc1/kernel', 'fc2/kernel']);
    const progress: BatchProgress[] = [];
    const result = await expectNoLeak(() =>
      maskedFineTune(model, masks, data, {
        optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9 },
        weightDecay: 1e-3,
        batchSize: 32,
        epochs: 3,
        onBatch: (p) => progress.push(p),
      }),
    );
    expect(progress).toHaveLength(3 * 8);
    // the gradient, the velocity and the decay all push pruned positions off zero after each step
    expect(progress.every((p) => p.revivedBeforeRemask > 0)).toBe(true);
    expect(progress.every((p) => p.prunedNonZero === 0)).toBe(true);
    expect(result.prunedNonZero).toBe(0);
    expect(await maskedNonZero(model, masks)).toBe(0);
    expect(result.epochs[2].loss).toBeLessThan(result.epochs[0].loss);
    // kept weights did train: some differ from their starting values
    const kept = masks.get('fc1/kernel') as Uint8Array;
    expect(kept.reduce((a, b) => a + b, 0)).toBe(160);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('Adam with weight decay keeps pruned weights at exactly zero', async () => {
    const model = mlp();
    const data = syntheticData(128, [20], 4, 8);
    const masks = await halfMasks(model, ['fc1/kernel']);
    const revived: number[] = [];
    const result = await expectNoLeak(() =>
      maskedFineTune(model, masks, data, {
        optimizer: { kind: 'adam', lr: 0.01 },
        weightDecay: 1e-4,
        batchSize: 64,
        epochs: 2,
        onBatch: (p) => revived.push(p.revivedBeforeRemask),
      }),
    );
    // from the second step on, Adam's first moment alone moves every pruned weight
    expect(revived.slice(1).every((r) => r > 0)).toBe(true);
    expect(result.prunedNonZero).toBe(0);
    expect(await maskedNonZero(model, masks)).toBe(0);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('fine-tunes a CNN (conv filter gradients) with masks on conv and dense kernels', async () => {
    const model = cnn();
    const data = syntheticData(96, [8, 8, 1], 3, 9);
    const masks = await halfMasks(model, ['conv1/kernel', 'conv2/kernel', 'fc/kernel']);
    const before = Float32Array.from(await model.getLayer('conv2').getWeights()[0].data());
    const result = await expectNoLeak(() =>
      maskedFineTune(model, masks, data, {
        optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true },
        batchSize: 32,
        epochs: 3,
      }),
    );
    expect(result.prunedNonZero).toBe(0);
    expect(await maskedNonZero(model, masks)).toBe(0);
    const after = await model.getLayer('conv2').getWeights()[0].data();
    const mask = masks.get('conv2/kernel') as Uint8Array;
    let moved = 0;
    for (let i = 0; i < after.length; i++) if (mask[i] && after[i] !== before[i]) moved++;
    expect(moved).toBeGreaterThan(0);
    expect(result.epochs[2].loss).toBeLessThan(result.epochs[0].loss);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('shift augmentation, per-batch learning rate: seeded, masks held, no leaks; non-images rejected', async () => {
    const data = syntheticData(64, [8, 8, 1], 3, 11);
    const run = async (shift: number, lrs: number[]) => {
      const model = cnn();
      const masks = await halfMasks(model, ['conv1/kernel', 'fc/kernel']);
      const r = await expectNoLeak(() =>
        maskedFineTune(model, masks, data, {
          optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9 },
          batchSize: 32,
          epochs: 1,
          seed: 4,
          augment: { shift },
          learningRate: (b, batches) => {
            lrs.push(b / batches);
            return 0.05 * (1 - b / batches);
          },
        }),
      );
      expect(await maskedNonZero(model, masks)).toBe(0);
      model.dispose();
      return r.epochs[0].loss;
    };
    const lrs: number[] = [];
    const plain = await run(0, lrs);
    expect(lrs).toEqual([0, 0.5]);
    const a = await run(2, []);
    const b = await run(2, []);
    expect(a).toBe(b);
    expect(a).not.toBe(plain);
    const flat = mlp();
    const flatData = syntheticData(8, [20], 4, 12);
    await expect(
      maskedFineTune(flat, new Map(), flatData, {
        optimizer: { kind: 'adam', lr: 0.01 },
        epochs: 1,
        augment: { shift: 1 },
      }),
    ).rejects.toThrow(/needs image inputs/);
    await expect(
      maskedFineTune(flat, new Map(), flatData, {
        optimizer: { kind: 'adam', lr: 0.01 },
        epochs: 1,
        augment: { shift: 0.5 },
      }),
    ).rejects.toThrow(/augment.shift/);
    flat.dispose();
    tf.dispose([data.x, data.y, flatData.x, flatData.y]);
  });
});

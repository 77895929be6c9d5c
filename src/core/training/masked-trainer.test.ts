import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { levelMask, mulberry32 } from '../pruning';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import {
  MaskedTrainer,
  maskedFineTune,
  TrainingInputError,
  type BatchProgress,
  type TrainData,
} from './masked-trainer';
import { PauseGate } from './pause-gate';

function mlp(): tf.LayersModel {
  const input = tf.input({ shape: [20] });
  const h = tf.layers
    .dense({
      units: 16,
      activation: 'relu',
      name: 'fc1',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    })
    .apply(input);
  const out = tf.layers
    .dense({ units: 4, name: 'fc2', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function cnn(): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      inputShape: [8, 8, 1],
      filters: 4,
      kernelSize: 3,
      activation: 'relu',
      name: 'conv1',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    }),
  );
  // no activation: tf.js takes the fused conv path, whose gradient calls Conv2DBackpropFilter directly
  m.add(
    tf.layers.conv2d({
      filters: 6,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      name: 'conv2',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
    }),
  );
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3, name: 'fc', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
  return m;
}

/** Labels from a fixed random linear teacher so that there is something to learn. */
function syntheticData(n: number, shape: number[], classes: number, seed: number): TrainData {
  const r = mulberry32(seed);
  const per = shape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: n * per }, () => r() * 2 - 1);
  const teacher = Float32Array.from({ length: per * classes }, () => r() * 2 - 1);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let k = 0; k < per; k++) s += x[i * per + k] * teacher[k * classes + c];
      if (s > best) [best, y[i]] = [s, c];
    }
  }
  return { x: tf.tensor(x, [n, ...shape]), y: tf.tensor1d(y, 'int32') };
}

async function halfMasks(model: tf.LayersModel, names: string[]): Promise<Map<string, Uint8Array>> {
  const masks = new Map<string, Uint8Array>();
  for (const w of model.weights) {
    if (names.includes(w.originalName)) masks.set(w.originalName, levelMask(await w.read().data(), 0.5));
  }
  return masks;
}

async function maskedNonZero(model: tf.LayersModel, masks: Map<string, Uint8Array>): Promise<number> {
  let count = 0;
  for (const w of model.weights) {
    const mask = masks.get(w.originalName);
    if (!mask) continue;
    const v = await w.read().data();
    for (let i = 0; i < v.length; i++) if (!mask[i] && v[i] !== 0) count++;
  }
  return count;
}

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

  it('shift augmentation and a per-batch learning rate: seeded, masks held, no leaks; non-images rejected', async () => {
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

  it('pauses between batches until resumed', async () => {
    const model = mlp();
    const data = syntheticData(128, [20], 4, 10);
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
        if (p.batch === 2) gate.pause();
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toBe(0);
    gate.resume();
    await new Promise((r) => setTimeout(r, 100));
    expect(batches).toBe(2);
    gate.resume();
    const result = await run;
    expect(batches).toBe(4);
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

  it('distillation: each batch loss is alpha x CE + (1 - alpha) x T^2 x KL on the teacher rows of that batch', async () => {
    const model = mlp();
    const n = 6;
    const data = syntheticData(n, [20], 4, 21);
    const teacherRows = [
      [2, 0, -1, 0.5],
      [-1, 3, 0, 0],
      [0, 0, 0, 0],
      [1, -2, 4, 1],
      [0.3, 0.2, -0.5, 2],
      [5, 1, 1, -3],
    ];
    const teacherLogits = tf.tensor2d(teacherRows);
    const studentOut = model.predict(data.x) as tf.Tensor;
    const student = (await studentOut.array()) as number[][];
    studentOut.dispose();
    const labels = Array.from(await data.y.data());
    const [T, alpha] = [4, 0.3];
    const logSoftmax = (z: number[]) => {
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
      return z.map((v) => v - lse);
    };
    const exampleLoss = (i: number) => {
      const ce = -logSoftmax(student[i])[labels[i]];
      const lt = logSoftmax(teacherRows[i].map((v) => v / T));
      const ls = logSoftmax(student[i].map((v) => v / T));
      const kl = lt.reduce((a, v, c) => a + Math.exp(v) * (v - ls[c]), 0);
      return alpha * ce + (1 - alpha) * T * T * kl;
    };
    const losses: number[] = [];
    const before = tf.memory().numTensors;
    // an lr far below float32 resolution: the weights stay as they were, so every batch can be checked by hand
    const trainer = new MaskedTrainer(model, {
      optimizer: { kind: 'sgd', lr: 1e-20 },
      batchSize: 2,
      seed: 5,
      distill: { teacherLogits, temperature: T, alpha },
    });
    await trainer.trainEpoch(data, 0, { onBatch: (p) => losses.push(p.loss) });
    const order = trainer.epochOrder(n, 0);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(losses).toHaveLength(3);
    for (let b = 0; b < 3; b++) {
      const expected = (exampleLoss(order[2 * b]) + exampleLoss(order[2 * b + 1])) / 2;
      expect(losses[b]).toBeCloseTo(expected, 4);
    }
    // alpha = 1 is plain cross-entropy
    const ce: number[] = [];
    await maskedFineTune(model, new Map(), data, {
      optimizer: { kind: 'sgd', lr: 1e-20 },
      batchSize: n,
      epochs: 1,
      distill: { teacherLogits, temperature: T, alpha: 1 },
      onBatch: (p) => ce.push(p.loss),
    });
    expect(ce[0]).toBeCloseTo(labels.reduce((a, y, i) => a - logSoftmax(student[i])[y], 0) / n, 4);
    // one teacher row per training example
    const five = teacherLogits.slice(0, 5);
    const short = new MaskedTrainer(model, {
      optimizer: { kind: 'adam', lr: 1e-3 },
      distill: { teacherLogits: five, temperature: T, alpha },
    });
    await expect(short.trainEpoch(data, 0)).rejects.toThrow(/5 rows; the training data has 6 examples/);
    short.dispose();
    five.dispose();
    expect(
      () =>
        new MaskedTrainer(model, {
          optimizer: { kind: 'adam', lr: 1e-3 },
          distill: { teacherLogits, temperature: 0, alpha },
        }),
    ).toThrow(TrainingInputError);
    expect(
      () =>
        new MaskedTrainer(model, {
          optimizer: { kind: 'adam', lr: 1e-3 },
          distill: { teacherLogits, temperature: T, alpha: 1.5 },
        }),
    ).toThrow(/alpha must be in \[0, 1\]/);
    model.dispose();
    tf.dispose([data.x, data.y, teacherLogits]);
  });
});

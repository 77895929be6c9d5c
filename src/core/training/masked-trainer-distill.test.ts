import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-backends';
import { maskedFineTune } from './masked-fine-tune';
import { MaskedTrainer } from './masked-trainer';
import { TrainingInputError } from './trainer-types';
import { mlp, syntheticData } from './trainer-test-models';

describeEachBackend('maskedFineTune with distillation', () => {
  it('distillation: batch loss = alpha x CE + (1 - alpha) x T^2 x KL on the teacher rows of the batch', async () => {
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

import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { CancelledError, detectOutputKind, evaluate, EvaluationInputError, predictLogits } from './evaluate';
import { mulberry32 } from '../pruning/random';
import { describeEachBackend, expectNoLeak } from '../test-backends';

// An identity Dense layer outputs its input exactly, so each input row IS the logit row
// and every expected metric can be computed here in plain double-precision JavaScript.
function identityModel(classes: number, activation: 'linear' | 'softmax'): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [classes], units: classes, activation, name: 'scores' })],
  });
  tf.tidy(() => model.layers[0].setWeights([tf.eye(classes), tf.zeros([classes])]));
  return model;
}

/** Rank of the label among the scores; ties ranked lower-index-first (tf.topk's order). */
function labelRank(row: number[], label: number): number {
  let rank = 0;
  for (let c = 0; c < row.length; c++) {
    if (row[c] > row[label] || (row[c] === row[label] && c < label)) rank++;
  }
  return rank;
}

function handMetrics(rows: number[][], labels: number[], kind: 'logits' | 'probabilities') {
  let top1 = 0;
  let top5 = 0;
  let loss = 0;
  rows.forEach((row, i) => {
    const k = Math.min(5, row.length);
    const rank = labelRank(row, labels[i]);
    if (rank === 0) top1++;
    if (rank < k) top5++;
    const max = Math.max(...row);
    const logSumExp = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    const logP = row[labels[i]] - logSumExp;
    loss += kind === 'logits' ? -logP : -Math.log(Math.max(Math.exp(logP), 1e-7));
  });
  const n = rows.length;
  return { top1: (100 * top1) / n, top5: (100 * top5) / n, loss: loss / n, n };
}

function expectMetricsClose(
  actual: { top1: number; top5: number; loss: number; n: number },
  expected: typeof actual,
  tol = 1e-5,
) {
  expect(actual.n).toBe(expected.n);
  expect(Math.abs(actual.top1 - expected.top1)).toBeLessThanOrEqual(tol);
  expect(Math.abs(actual.top5 - expected.top5)).toBeLessThanOrEqual(tol);
  expect(Math.abs(actual.loss - expected.loss)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected.loss)));
}

// 7 examples, 6 classes. Row 3 has the label tied with a lower class index (a top-1 miss);
// row 5 has the label in 6th place (a top-5 miss); floats are exact in float32 (multiples of 1/4).
const ROWS = [
  [2.0, 0.5, -1.0, 0.25, 1.0, -0.5],
  [0.0, 3.0, 1.0, 1.5, -2.0, 0.75],
  [-1.0, -0.5, 0.5, 4.0, 1.25, 2.0],
  [1.5, 1.5, 0.0, -1.0, -0.25, 0.5],
  [0.25, 0.5, 0.75, 1.0, 1.25, 1.5],
  [3.0, 2.0, 1.0, 0.5, 0.25, -3.0],
  [-2.0, 0.0, 2.5, 0.0, -0.75, 1.0],
];
const LABELS = [0, 3, 3, 1, 2, 5, 4];

describeEachBackend('evaluate', () => {
  it('matches hand-computed top-1/top-5/loss from logits, for batch sizes that do and do not divide n', async () => {
    const model = identityModel(6, 'linear');
    const expected = handMetrics(ROWS, LABELS, 'logits');
    // the fixture checked by eye: top-1 hits are rows 0 and 2; only row 5 misses the top 5
    expect(expected.top1).toBeCloseTo((100 * 2) / 7, 10);
    expect(expected.top5).toBeCloseTo((100 * 6) / 7, 10);
    const x = tf.tensor2d(ROWS);
    const y = tf.tensor1d(LABELS, 'int32');
    for (const batchSize of [1, 2, 3, 7, 1000]) {
      const m = await expectNoLeak(() => evaluate(model, { x, y }, { batchSize }));
      expectMetricsClose(m, expected);
    }
    x.dispose();
    y.dispose();
    model.dispose();
  });

  it('counts a tie at the top for the lower class index (tf.topk order)', async () => {
    const model = identityModel(6, 'linear');
    const x = tf.tensor2d([ROWS[3], ROWS[3]]);
    const y = tf.tensor1d([0, 1], 'int32');
    const m = await expectNoLeak(() => evaluate(model, { x, y }));
    expect(m.top1).toBe(50);
    expect(m.top5).toBe(100);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('computes the loss from softmax probabilities with clipping at 1e-7', async () => {
    const model = identityModel(6, 'softmax');
    expect(detectOutputKind(model)).toBe('probabilities');
    // the last row gives the label probability ~e^-40, clipped to 1e-7 (loss ~16.118)
    const rows = [...ROWS, [40, 0, 0, 0, 0, 0]];
    const labels = [...LABELS, 1];
    const expected = handMetrics(rows, labels, 'probabilities');
    expect(expected.loss).toBeGreaterThan(-Math.log(1e-7) / rows.length);
    const x = tf.tensor2d(rows);
    const y = tf.tensor1d(labels, 'int32');
    const m = await expectNoLeak(() => evaluate(model, { x, y }, { batchSize: 3 }));
    expectMetricsClose(m, expected);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('uses top-k = numClasses when there are fewer than 5 classes', async () => {
    const model = identityModel(3, 'linear');
    const rows = [
      [0.0, 1.0, 2.0],
      [2.0, 1.0, 0.0],
      [1.0, 3.0, 2.0],
    ];
    const labels = [0, 0, 2];
    const x = tf.tensor2d(rows);
    const y = tf.tensor1d(labels, 'int32');
    const m = await expectNoLeak(() => evaluate(model, { x, y }, { batchSize: 2 }));
    expect(m.top5).toBe(100);
    expectMetricsClose(m, handMetrics(rows, labels, 'logits'));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('matches hand-computed metrics on 1003 random examples (batch 250)', async () => {
    const classes = 10;
    const rand = mulberry32(7);
    const rows = Array.from({ length: 1003 }, () =>
      Array.from({ length: classes }, () => Math.fround((rand() - 0.5) * 8)),
    );
    const labels = rows.map(() => Math.floor(rand() * classes));
    const model = identityModel(classes, 'linear');
    const x = tf.tensor2d(rows);
    const y = tf.tensor1d(labels, 'int32');
    const m = await expectNoLeak(() => evaluate(model, { x, y }, { batchSize: 250 }));
    expectMetricsClose(m, handMetrics(rows, labels, 'logits'));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('reports progress per batch and stops with an AbortError when cancelled', async () => {
    const model = identityModel(6, 'linear');
    const x = tf.tensor2d(ROWS);
    const y = tf.tensor1d(LABELS, 'int32');
    const progress: number[] = [];
    const controller = new AbortController();
    await expectNoLeak(async () => {
      const run = evaluate(
        model,
        { x, y },
        {
          batchSize: 2,
          signal: controller.signal,
          onProgress: (done, total) => {
            progress.push(done);
            expect(total).toBe(7);
            if (done === 4) controller.abort();
          },
        },
      );
      await expect(run).rejects.toBeInstanceOf(CancelledError);
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    });
    expect(progress).toEqual([2, 4]);
    const full: number[] = [];
    await evaluate(model, { x, y }, { batchSize: 2, onProgress: (d) => full.push(d) });
    expect(full).toEqual([2, 4, 6, 7]);
    const aborted = AbortSignal.abort();
    await expectNoLeak(() =>
      expect(evaluate(model, { x, y }, { signal: aborted })).rejects.toMatchObject({ name: 'AbortError' }),
    );
    tf.dispose([x, y]);
    model.dispose();
  });

  it('refuses labels outside the model classes and mismatched label counts, without leaking', async () => {
    const model = identityModel(6, 'linear');
    const x = tf.tensor2d(ROWS);
    const bad = tf.tensor1d([0, 1, 2, 6, 0, 1, 2], 'int32');
    const short = tf.tensor1d([0, 1], 'int32');
    await expectNoLeak(async () => {
      await expect(evaluate(model, { x, y: bad }, { batchSize: 3 })).rejects.toThrow(/1 label\(s\) are outside 0\.\.5/);
      await expect(evaluate(model, { x, y: short })).rejects.toBeInstanceOf(EvaluationInputError);
    });
    tf.dispose([x, bad, short]);
    model.dispose();
  });

  it('predictLogits returns the raw outputs row-major across batches', async () => {
    const model = identityModel(6, 'linear');
    const x = tf.tensor2d(ROWS);
    const out = await expectNoLeak(() => predictLogits(model, x, 3));
    expect(Array.from(out)).toEqual(ROWS.flat());
    x.dispose();
    model.dispose();
  });

  it('detects logits for a linear output and probabilities for a Softmax/Activation layer', () => {
    const linear = identityModel(4, 'linear');
    expect(detectOutputKind(linear)).toBe('logits');
    const withSoftmaxLayer = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 3 }), tf.layers.softmax()],
    });
    expect(detectOutputKind(withSoftmaxLayer)).toBe('probabilities');
    const withActivation = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 3 }), tf.layers.activation({ activation: 'softmax' })],
    });
    expect(detectOutputKind(withActivation)).toBe('probabilities');
    [linear, withSoftmaxLayer, withActivation].forEach((m) => m.dispose());
  });
});

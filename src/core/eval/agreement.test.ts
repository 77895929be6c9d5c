import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { agreementData, denseReferenceOf, disposeReference } from './agreement';
import { evaluate, type Predictor } from './evaluate';
import { describeEachBackend, expectNoLeak } from '../test-backends';

// Input row i is [i]; the model outputs row i of its table, so dense and pruned outputs are set by hand.
function tablePredictor(rows: number[][]): Predictor & { dispose(): void } {
  const table = tf.tensor2d(rows);
  return {
    predict: (x) => tf.tidy(() => tf.gather(table, x.reshape([-1]).toInt())),
    dispose: () => table.dispose(),
  };
}

// Softmax probabilities. Dense top-1 classes: 0, 1, 2, 1; pruned: 1, 1, 2, 0 (agreement on rows 1 and 2).
const DENSE = [
  [0.5, 0.25, 0.25],
  [0.1, 0.6, 0.3],
  [0.2, 0.2, 0.6],
  [0.25, 0.5, 0.25],
];
const PRUNED = [
  [0.25, 0.5, 0.25],
  [0.1, 0.6, 0.3],
  [0.3, 0.2, 0.5],
  [0.5, 0.25, 0.25],
];
// KL(dense || pruned) per row, by hand: row 0: 0.5 ln 2 - 0.25 ln 2; row 1: 0;
// row 2: 0.2 ln(0.2/0.3) + 0.6 ln(0.6/0.5); row 3: 0.25 ln 0.5 + 0.5 ln 2.
const KL = (0.25 * Math.LN2 + 0 + (0.2 * Math.log(2 / 3) + 0.6 * Math.log(1.2)) + 0.25 * Math.LN2) / 4;
// cross-entropy of the pruned model against the dense top-1 class: -ln of 0.25, 0.6, 0.5, 0.25
const LOSS = -(Math.log(0.25) + Math.log(0.6) + Math.log(0.5) + Math.log(0.25)) / 4;

describeEachBackend('label-free agreement', () => {
  for (const kind of ['probabilities', 'logits'] as const) {
    it(`gives top-1 agreement, KL and the loss against the dense top-1 class (${kind})`, async () => {
      // as logits, ln p gives the same softmax back
      const asKind = (rows: number[][]) => (kind === 'logits' ? rows.map((r) => r.map(Math.log)) : rows);
      const dense = tablePredictor(asKind(DENSE));
      const pruned = tablePredictor(asKind(PRUNED));
      const x = tf.tensor2d([[0], [1], [2], [3]]);
      for (const batchSize of [1, 3, 1000]) {
        const m = await expectNoLeak(async () => {
          const ref = await denseReferenceOf(dense, x, kind, { batchSize });
          expect(Array.from(await ref.labels.data())).toEqual([0, 1, 2, 1]);
          try {
            return await evaluate(pruned, agreementData(x, ref), { outputs: kind, batchSize });
          } finally {
            disposeReference(ref);
          }
        });
        expect(m.measure).toBe('agreement');
        expect(m.top1).toBe(50);
        expect(m.top5).toBe(100);
        expect(m.kl).toBeCloseTo(KL, 6);
        expect(m.loss).toBeCloseTo(LOSS, 5);
        expect(m.n).toBe(4);
      }
      tf.dispose(x);
      dense.dispose();
      pruned.dispose();
    });
  }

  it('gives the dense model 100% agreement and zero KL with itself', async () => {
    const dense = tablePredictor(DENSE);
    const x = tf.tensor2d([[0], [1], [2], [3]]);
    const ref = await denseReferenceOf(dense, x, 'probabilities');
    const m = await evaluate(dense, agreementData(x, ref), { outputs: 'probabilities' });
    expect([m.top1, m.measure]).toEqual([100, 'agreement']);
    expect(m.kl).toBeCloseTo(0, 7);
    disposeReference(ref);
    tf.dispose(x);
    dense.dispose();
  });

  it('refuses a reference with another number of rows than the data', async () => {
    const dense = tablePredictor(DENSE);
    const x = tf.tensor2d([[0], [1], [2], [3]]);
    const ref = await denseReferenceOf(dense, x, 'probabilities');
    const short = ref.logProbs.slice(0, 3);
    await expect(evaluate(dense, { x, y: ref.labels, reference: short })).rejects.toThrow(
      /3 rows; the data has 4 examples/,
    );
    disposeReference(ref);
    short.dispose();
    tf.dispose(x);
    dense.dispose();
  });
});

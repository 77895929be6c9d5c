import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import {
  CHANNEL_NORM_EPSILON,
  groupLassoLoss,
  groupVarianceLoss,
  l1Loss,
  regularizationLoss,
  regularizerThresholdMask,
} from './regularizers';

const value = async (t: tf.Tensor) => {
  const v = (await t.data())[0];
  t.dispose();
  return v;
};

describeEachBackend('Distiller regularizers', () => {
  it('L1: λ Σ|w|', async () => {
    await expectNoLeak(async () => {
      const w = tf.tensor2d([
        [1, -2],
        [3, -4],
      ]);
      expect(await value(l1Loss(w, 0.5))).toBeCloseTo(5, 5);
      w.dispose();
    });
  });

  it('Group Lasso on dense [in, out]: Rows are output neurons, Cols input features', async () => {
    await expectNoLeak(async () => {
      // TF.js [in, out]; PyTorch's [out, in] is the transpose: rows (out) (3, 4) and (0, 1), cols (in) (3, 0), (4, 1)
      const w = tf.tensor2d([
        [3, 0],
        [4, 1],
      ]);
      expect(await value(groupLassoLoss(w, 'Rows', 2))).toBeCloseTo(2 * (5 + 1), 4);
      expect(await value(groupLassoLoss(w, 'Cols', 2))).toBeCloseTo(2 * (3 + Math.sqrt(17)), 4);
      expect(await value(groupLassoLoss(w, 'Rows+Cols', 1))).toBeCloseTo(6 + 3 + Math.sqrt(17), 4);
      expect(() => groupLassoLoss(w, 'Filters', 1)).toThrow(/rank-4/);
      w.dispose();
    });
  });

  it('Group Lasso on conv [kh, kw, in, out]: 2D, Filters/3D, Channels (with ε), 4D', async () => {
    await expectNoLeak(async () => {
      const w = tf.tensor4d([3, 0, 4, 1], [1, 1, 2, 2]);
      expect(await value(groupLassoLoss(w, '2D', 1))).toBeCloseTo(8, 4);
      expect(await value(groupLassoLoss(w, 'Filters', 1))).toBeCloseTo(6, 4);
      expect(await value(groupLassoLoss(w, '3D', 1))).toBeCloseTo(6, 4);
      const channels = Math.sqrt(9 + CHANNEL_NORM_EPSILON) + Math.sqrt(17 + CHANNEL_NORM_EPSILON);
      expect(await value(groupLassoLoss(w, 'Channels', 1))).toBeCloseTo(channels, 4);
      expect(await value(groupLassoLoss(w, '4D', 0.1))).toBeCloseTo(0.1 * Math.sqrt(26), 5);
      w.dispose();
    });
  });

  it('Group Variance: λ / var(channel norms), unbiased', async () => {
    await expectNoLeak(async () => {
      const w = tf.tensor4d([3, 0, 4, 1], [1, 1, 2, 2]);
      const variance = (3 - Math.sqrt(17)) ** 2 / 2;
      expect(await value(groupVarianceLoss(w, 'Channels', 0.01))).toBeCloseTo(0.01 / variance, 4);
      expect(() => groupVarianceLoss(w, 'Filters', 1)).toThrow(/Channels/);
      w.dispose();
    });
  });

  it('gradients match central finite differences, and a zero group gets a zero gradient', async () => {
    await expectNoLeak(async () => {
      // conv [2, 1, 2, 3]; filter 2 all zero
      const data = [0.5, -1, 0, 0.25, 0.75, 0, -0.5, 1.5, 0, 1, -0.25, 0];
      const shape = [2, 1, 2, 3] as [number, number, number, number];
      for (const group of ['Filters', 'Channels', '2D', '4D'] as const) {
        const f = (x: tf.Tensor) => groupLassoLoss(x, group, 0.7);
        const wt = tf.tensor4d(data, shape);
        const g = tf.grad(f)(wt);
        const grad = await g.data();
        g.dispose();
        wt.dispose();
        for (let i = 0; i < data.length; i++) {
          const at = (d: number) => {
            const x = tf.tensor4d(
              data.map((v, j) => (j === i ? v + d : v)),
              shape,
            );
            const loss = f(x);
            const v = loss.dataSync()[0];
            tf.dispose([x, loss]);
            return v;
          };
          const zeroGroup = group !== 'Channels' && group !== '4D' && data[i] === 0 && (i % 3 === 2 || group === '2D');
          if (zeroGroup) expect(grad[i], `${group} ${i}`).toBe(0);
          else expect(grad[i], `${group} ${i}`).toBeCloseTo((at(1e-2) - at(-1e-2)) / 2e-2, 2);
        }
      }
    });
  });

  it('sums over the tensors a regularizer names, and gives its threshold mask', async () => {
    await expectNoLeak(async () => {
      const weights = new Map([
        ['a/kernel', tf.tensor2d([[1, -2]])],
        ['b/kernel', tf.tensor2d([[3, 0]])],
      ]);
      const l1 = { kind: 'l1' as const, strengths: { 'a/kernel': 0.5 }, thresholdCriteria: 'Mean_Abs' };
      expect(await value(regularizationLoss(l1, weights))).toBeCloseTo(1.5, 5);
      const lasso = { kind: 'group-lasso' as const, regimes: { 'b/kernel': { value: 1, group: 'Rows' as const } } };
      expect(await value(regularizationLoss(lasso, weights))).toBeCloseTo(3, 5);
      tf.dispose([...weights.values()]);
      expect([...(regularizerThresholdMask(l1, 'a/kernel', [1, -2, 0.5], [3, 1]) as Uint8Array)]).toEqual([1, 1, 0]);
      expect(regularizerThresholdMask({ ...l1, thresholdCriteria: undefined }, 'a/kernel', [1], [1, 1])).toBeNull();
      // dense [in 2, out 2]; Rows = output neurons, Mean_Abs: out0 (0.1, 0.3) = 0.2, out1 (2, 4) = 3
      const withCriteria = { ...lasso, thresholdCriteria: 'Mean_Abs' as const };
      expect([...(regularizerThresholdMask(withCriteria, 'b/kernel', [0.1, 2, 0.3, 4], [2, 2]) as Uint8Array)]).toEqual(
        [0, 1, 0, 1],
      );
    });
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoModelFiles } from '../lab/demo-files';
import { LabService } from '../lab/lab-service';
import { DENSE, planForAll, type TensorMethod } from '../plan/plan';
import { describeEachBackend, expectNoLeak } from '../test-backends';

// Expected counts from numpy 2.4 on the demo's stored weights:
//   w = np.fromfile('public/models/lenet300/weights.bin', '<f4')[266600:267600].astype(np.float64)  # fc3/kernel
//   c, e = np.histogram(w, bins=16); lam = np.sort(np.abs(w))[899]   # level 0.9, Distiller: k = 900
//   kept, _ = np.histogram(w[np.abs(w) > lam], bins=e)
const FC3_DENSE = [2, 0, 1, 3, 4, 18, 39, 69, 92, 113, 293, 180, 157, 25, 2, 2];
const FC3_KEPT_AT_90 = [2, 0, 1, 3, 4, 18, 39, 29, 0, 0, 0, 0, 0, 0, 2, 2];
const FC3_LAMBDA_AT_90 = 0.2581711411476135;

describeEachBackend('the weight histogram of a demo tensor', () => {
  let lab: LabService;
  let before = 0;
  beforeAll(async () => {
    before = tf.memory().numTensors;
    lab = new LabService();
    await lab.loadModel(demoModelFiles('lenet300'), { name: 'lenet300', source: 'demo' });
  });
  afterAll(() => {
    lab.dispose();
    expect(tf.memory().numTensors, 'tensors left after the service was disposed').toBe(before);
  });

  const apply = async (method: TensorMethod) => {
    const outcome = await lab.applyPlan(planForAll(['fc3/kernel'], method));
    expect(outcome.status).toBe('done');
  };

  it('dense: numpy counts, no kept series, no λ', async () => {
    await apply(DENSE);
    const h = await expectNoLeak(() => lab.histogram('fc3/kernel', DENSE, 16));
    expect(h.counts).toEqual(FC3_DENSE);
    expect(h.edges[0]).toBe(-0.8487514853477478);
    expect(h.edges[16]).toBe(0.4122260808944702);
    expect(h.kept).toBeNull();
    expect(h.line).toEqual({ kind: 'none', reason: 'dense' });
    expect({ total: h.total, keptTotal: h.keptTotal, shape: h.shape }).toEqual({
      total: 1000,
      keptTotal: 1000,
      shape: [100, 10],
    });
  });

  it('level 90%: the same bins, the kept weights, λ from the mask', async () => {
    const level: TensorMethod = { kind: 'level', sparsity: 0.9 };
    await apply(level);
    const h = await expectNoLeak(() => lab.histogram('fc3/kernel', level, 16));
    expect(h.counts).toEqual(FC3_DENSE);
    expect(h.edges[0]).toBe(-0.8487514853477478);
    expect(h.kept).toEqual(FC3_KEPT_AT_90);
    expect(h.keptTotal).toBe(100);
    expect(h.line).toEqual({ kind: 'lambda', lambda: FC3_LAMBDA_AT_90, from: 'mask' });
    // a job on the dense model (a sweep, the baseline) lifts the masks for a while: the view keeps the plan's
    const during = await lab.current().masked.withDenseWeights(async () => lab.histogram('fc3/kernel', level, 16));
    expect(during.kept).toEqual(FC3_KEPT_AT_90);
  });

  it('structured rows: the kept split without λ', async () => {
    const rows: TensorMethod = { kind: 'structured', group: 'rows', sparsity: 0.5, norm: 'l1' };
    await apply(rows);
    const h = await expectNoLeak(() => lab.histogram('fc3/kernel', rows));
    expect(h.counts.length).toBe(64);
    expect(h.keptTotal).toBe(500);
    expect(h.kept!.reduce((a, b) => a + b)).toBe(500);
    expect(h.line).toEqual({ kind: 'none', reason: 'structured' });
  });

  it('an unknown tensor is refused with the names there are', () => {
    expect(() => lab.histogram('fc9/kernel', DENSE)).toThrow(
      /unknown tensor "fc9\/kernel"; this model has fc1\/kernel, fc2\/kernel, fc3\/kernel/,
    );
  });
});

// Data without labels is measured against the dense model everywhere the lab measures: the dense
// baseline, a plan's figures, and a schedule (whose fine-tuning then distils the dense model).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { gatherImages } from '../data/dataset-tensors';
import { loadIdxPair } from '../data/idx';
import { planForAll } from '../plan/plan';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import type { LabelledImages } from '../types';
import { demoModelFiles, PUBLIC_DIR } from './demo-files';
import { LabService } from './lab-service';
import type { RunEvent } from './types';

const PUBLIC = PUBLIC_DIR;
const N = 300;
let unlabelled: LabelledImages;

beforeAll(async () => {
  const data = path.join(PUBLIC, 'data', 'fashion-mnist');
  const images = await loadIdxPair(
    readFileSync(path.join(data, 't10k-images-idx3-ubyte.gz')),
    readFileSync(path.join(data, 't10k-labels-idx1-ubyte.gz')),
  );
  const first = gatherImages(
    images,
    Array.from({ length: N }, (_, i) => i),
  );
  unlabelled = { ...first, labels: new Uint8Array(N), labelled: false };
});

async function openLab(): Promise<LabService> {
  const lab = new LabService({ quickEstimate: false });
  await lab.loadData({ test: async () => ({ name: 'no labels', images: unlabelled }), train: async () => unlabelled });
  await lab.loadModel(demoModelFiles('lenet300'), { name: 'lenet300', source: 'demo' });
  return lab;
}

/** Softmax rows in double precision. */
function softmaxRows(out: Float32Array, classes: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < out.length / classes; i++) {
    const r = Array.from(out.subarray(i * classes, (i + 1) * classes));
    const m = Math.max(...r);
    const e = r.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    rows.push(e.map((v) => v / s));
  }
  return rows;
}

const argmax = (r: number[]) => r.indexOf(Math.max(...r));

describeEachBackend('label-free measurement in the lab', () => {
  it('measures the dense baseline and a plan by agreement and KL, as computed from the outputs here', async () => {
    const lab = await openLab();
    expect(lab.current().info.outputs).toBe('logits');
    const baseline = await lab.baseline();
    expect(baseline.status).toBe('done');
    const dense = baseline.status === 'done' ? baseline.result!.full.metrics : null;
    expect([dense?.measure, dense?.top1, dense?.n]).toEqual(['agreement', 100, N]);
    expect(dense?.kl).toBeCloseTo(0, 5);
    const p = softmaxRows(await lab.predict(N), 10);
    const outcome = await expectNoLeak(() =>
      lab.applyPlan(planForAll(['fc1/kernel', 'fc2/kernel', 'fc3/kernel'], { kind: 'level', sparsity: 0.9 })),
    );
    expect(outcome.status).toBe('done');
    const pruned = outcome.status === 'done' ? outcome.result.full!.metrics : null;
    const q = softmaxRows(await lab.predict(N), 10);
    const agree = p.filter((r, i) => argmax(r) === argmax(q[i])).length;
    const kl = p.reduce((s, r, i) => s + r.reduce((a, pv, c) => a + pv * Math.log(pv / q[i][c]), 0), 0) / N;
    expect(agree).toBeLessThan(N); // the plan changes some predictions
    expect(pruned?.measure).toBe('agreement');
    expect(pruned?.top1).toBeCloseTo((100 * agree) / N, 6);
    expect(pruned?.kl).toBeCloseTo(kl, 4);
    lab.dispose();
  }, 60_000);

  it('runs a schedule on unlabelled data: fine-tuning distils the dense model, the timeline shows agreement', async () => {
    const before = tf.memory().numTensors;
    const lab = await openLab();
    const events: RunEvent[] = [];
    const outcome = await lab.runSchedule(
      {
        schedule: {
          rules: [
            {
              name: 'level',
              pruner: { kind: 'level', levels: { '*': 0.9 } },
              tensors: ['fc1/kernel', 'fc2/kernel'],
              when: { start: 0, end: 1, frequency: 1 },
            },
          ],
        },
        epochs: 2,
        train: { optimizer: 'adam', lr: 1e-3, momentum: 0, batchSize: 64, weightDecay: 0 },
        checkpoints: 'final',
      },
      new AbortController().signal,
      (e) => events.push(e),
    );
    expect(outcome.status).toBe('done');
    const timeline = outcome.status === 'done' ? outcome.result.timeline : [];
    expect(timeline.every((e) => e.metrics.measure === 'agreement' && e.metrics.kl !== undefined)).toBe(true);
    expect(events.some((e) => e.type === 'status' && /distillation from it/.test(e.text))).toBe(true);
    const pruned = timeline.find((e) => e.kind === 'prune')!;
    const last = timeline[timeline.length - 1];
    // distilling the dense model brings the pruned model's outputs back towards it
    expect(last.metrics.kl!).toBeLessThan(pruned.metrics.kl!);
    lab.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 120_000);
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { gatherImages } from '../data/dataset-tensors';
import { loadIdxPair } from '../data/idx';
import { planForAll, type PrunePlan } from '../plan/plan';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import type { LabelledImages, NamedBytes } from '../types';
import type { DataLoader } from './data-loader';
import { LabService } from './lab-service';
import type { RunEvent, SweepEvent } from './types';

const PUBLIC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public');
const DATA = path.join(PUBLIC, 'data', 'fashion-mnist');
const read = (f: string) => new Uint8Array(readFileSync(f));
const bytes = (f: string) => {
  const b = readFileSync(f);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

function modelFiles(id: string): NamedBytes[] {
  const dir = path.join(PUBLIC, 'models', id);
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const paths: string[] = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
  return [
    { name: 'model.json', bytes: bytes(path.join(dir, 'model.json')) },
    ...paths.map((p) => ({ name: p, bytes: bytes(path.join(dir, p)) })),
  ];
}

let test: LabelledImages;
let train: LabelledImages;
const loader: DataLoader = {
  test: async () => ({ name: 'Fashion-MNIST test set', images: test }),
  train: async () => train,
};

beforeAll(async () => {
  test = await loadIdxPair(
    read(path.join(DATA, 't10k-images-idx3-ubyte.gz')),
    read(path.join(DATA, 't10k-labels-idx1-ubyte.gz')),
  );
  const all = await loadIdxPair(
    read(path.join(DATA, 'train-10k-images-idx3-ubyte.gz')),
    read(path.join(DATA, 'train-10k-labels-idx1-ubyte.gz')),
  );
  train = gatherImages(
    all,
    Array.from({ length: 256 }, (_, i) => i),
  );
});

/** LeNet-300-100 evaluated on the first 400 test images. */
async function openLab(): Promise<LabService> {
  const lab = new LabService();
  await lab.loadData(loader);
  await lab.loadModel(modelFiles('lenet300'), { name: 'lenet300', source: 'demo' });
  lab.setEvalSettings({ scaling: { kind: 'unit' }, limit: 400 });
  return lab;
}

const LEVEL_PLAN: PrunePlan = planForAll(['fc1/kernel', 'fc2/kernel'], { kind: 'level', sparsity: 0.6 });
const never = new AbortController().signal;

describeEachBackend('LabService', () => {
  let before = 0;
  beforeAll(() => {
    before = tf.memory().numTensors;
  });
  afterAll(() => {
    expect(tf.memory().numTensors, 'tensors left after every service was disposed').toBe(before);
  });

  it('loads a model and data; unpruned, the quick estimate equals the dense figure on its subset', async () => {
    const lab = await openLab();
    const dense = await lab.baseline();
    expect(dense.status).toBe('done');
    const figures = dense.status === 'done' ? dense.result! : null;
    expect(figures?.full.metrics.n).toBe(400);
    expect(figures?.quick?.metrics.n).toBeGreaterThanOrEqual(100);
    const applied = await expectNoLeak(() => lab.applyPlan({ version: 1, tensors: {} }));
    expect(applied.status).toBe('done');
    if (applied.status !== 'done') return;
    expect(applied.result.quick!.metrics.n).toBe(figures!.quick!.metrics.n);
    expect(applied.result.quick!.metrics.top1 - figures!.quick!.metrics.top1).toBe(0);
    expect(applied.result.full!.metrics).toEqual(figures!.full.metrics);
    lab.dispose();
  });

  it('applies a plan, quick estimate first, and refuses one the model cannot take, naming the tensor', async () => {
    const lab = await openLab();
    await lab.baseline();
    const phases: string[] = [];
    const outcome = await expectNoLeak(() =>
      lab.applyPlan(LEVEL_PLAN, never, (e) => {
        if (e.type === 'figure') phases.push(e.figure.phase);
      }),
    );
    expect(phases).toEqual(['quick', 'full']);
    expect(outcome.status).toBe('done');
    const sparsity = outcome.status === 'done' ? outcome.result.sparsity : null;
    expect(sparsity!.perTensor.find((t) => t.name === 'fc1/kernel')!.sparsity).toBeCloseTo(0.6, 3);
    const refused = await lab.applyPlan(
      planForAll(['fc3/kernel'], { kind: 'structured', group: 'filters', sparsity: 0.5, norm: 'l1' }),
    );
    expect(refused.status).toBe('refused');
    expect(refused.status === 'refused' && refused.reason).toMatch(/fc3\/kernel/);
    // nothing changed: the masks of the last accepted plan are still in force
    expect(lab.sparsityTable().rows.find((r) => r.name === 'fc1/kernel')!.nnzSparse).toBe(sparsity!.perTensor[0].nnz);
    lab.dispose();
  });

  it('a superseded (aborted) plan is cancelled, not an error', async () => {
    const lab = await openLab();
    const controller = new AbortController();
    controller.abort();
    const outcome = await lab.applyPlan(LEVEL_PLAN, controller.signal);
    expect(outcome).toEqual({ status: 'cancelled', partial: { sparsity: null, quick: null } });
    lab.dispose();
  });

  it('sweeps the dense model and keeps the plan; a cancel keeps the finished rows as a value', async () => {
    const lab = await openLab();
    await lab.baseline();
    await lab.applyPlan(LEVEL_PLAN);
    const masksBefore = lab.sparsityTable();
    const request = {
      tensors: ['fc1/kernel', 'fc3/kernel'],
      group: 'element' as const,
      levels: [0, 0.5, 0.9],
      subset: 200,
      minTop1: null,
      mode: 'labels' as const,
    };
    const full = await expectNoLeak(() => lab.sweep(request));
    expect(full.status).toBe('done');
    const rows = full.status === 'done' ? full.result.rows : [];
    expect(rows).toHaveLength(6);
    // the sweep ran on the dense model: level 0 is the dense figure on the same 200 images
    expect(rows[0].n).toBe(200);
    expect(lab.sparsityTable()).toEqual(masksBefore);

    const controller = new AbortController();
    const delivered: SweepEvent[] = [];
    const cancelled = await expectNoLeak(() =>
      lab.sweep(request, controller.signal, (e) => {
        if (e.type !== 'row') return;
        delivered.push(e);
        if (delivered.length === 3) controller.abort();
      }),
    );
    expect(cancelled.status).toBe('cancelled');
    const partial = cancelled.status === 'cancelled' ? cancelled.partial.rows : [];
    expect(partial).toEqual(rows.slice(0, 3));
    expect(lab.sparsityTable()).toEqual(masksBefore);
    lab.dispose();
  });

  it('runs a schedule that pauses and resumes; its weights become the new dense checkpoint', async () => {
    const lab = await openLab();
    await lab.baseline();
    const events: RunEvent[] = [];
    let paused = false;
    const run = lab.runSchedule(
      {
        schedule: {
          rules: [
            {
              name: 'level',
              pruner: { kind: 'agp', initialSparsity: 0.2, finalSparsity: 0.5 },
              tensors: ['fc1/kernel'],
              when: { start: 0, end: 2, frequency: 1 },
            },
          ],
        },
        epochs: 2,
        train: { optimizer: 'sgd', lr: 0.01, momentum: 0.9, batchSize: 128, weightDecay: 0 },
      },
      never,
      (e) => {
        events.push(e);
        if (e.type === 'timeline' && e.event.kind === 'start') {
          lab.pauseRun();
          paused = true;
        }
      },
    );
    await vi.waitFor(() => expect(paused).toBe(true), { timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 100));
    const seen = events.filter((e) => e.type === 'timeline').length;
    await new Promise((r) => setTimeout(r, 150));
    expect(events.filter((e) => e.type === 'timeline').length).toBe(seen);
    lab.resumeRun();
    const outcome = await run;
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    const last = outcome.result.timeline.at(-1)!;
    expect(outcome.result.adoptedStep).toBe(last.step);
    expect(last.sparsity['fc1/kernel']).toBeGreaterThanOrEqual(0.49);
    // the fine-tuned weights are the dense model now: nothing is masked, the zeros are in the weights
    expect(lab.maskView('fc1/kernel').mask).toBeNull();
    const dense = await lab.baseline();
    expect(dense.status === 'done' && dense.result!.full.metrics).toEqual(last.metrics);
    lab.dispose();
  });

  it('a schedule with a FilterRemover extension leaves the lab holding the thinned model', async () => {
    const lab = await openLab();
    const before = lab.current().info.params;
    const outcome = await lab.runSchedule(
      {
        schedule: {
          rules: [
            {
              name: 'units',
              pruner: { kind: 'structured', group: 'filters', norm: 'l1', sparsity: 0.5 },
              tensors: ['fc1/kernel'],
              when: { epochs: [0] },
            },
          ],
          thinning: [{ name: 'net_thinner', removes: 'filters', when: { epochs: [0] } }],
        },
        epochs: 1,
        train: { optimizer: 'adam', lr: 1e-4, momentum: 0, batchSize: 128, weightDecay: 0 },
      },
      never,
    );
    expect(outcome.status, outcome.status === 'refused' ? outcome.reason : '').toBe('done');
    if (outcome.status !== 'done') return;
    const { thinnedModel, timeline } = outcome.result;
    expect(timeline.map((e) => e.kind)).toEqual(['start', 'prune', 'thin', 'epoch']);
    // 150 of fc1's 300 units go: their 784 inputs and bias, and fc2's 100 weights from each
    expect(before - thinnedModel!.params).toBe(150 * (784 + 1 + 100));
    expect(lab.current().info.params).toBe(thinnedModel!.params);
    expect(lab.current().info.tensors.find((t) => t.name === 'fc1/kernel')?.shape).toEqual([784, 150]);
    const dense = await lab.baseline();
    expect(dense.status === 'done' && dense.result!.full.metrics).toEqual(timeline.at(-1)!.metrics);
    lab.dispose();
  });

  it('a cancelled Han experiment returns its measured points and the starting weights, no zero metrics', async () => {
    const lab = await openLab();
    await lab.baseline();
    const start = await lab.predict(20);
    const controller = new AbortController();
    const outcome = await lab.runHan(
      {
        steps: [
          { sparsity: 0.5, epochs: 1 },
          { sparsity: 0.7, epochs: 1 },
        ],
        distill: null,
      },
      controller.signal,
      (e) => {
        if (e.type === 'timeline' && e.event.kind === 'prune') controller.abort();
      },
    );
    expect(outcome.status).toBe('cancelled');
    if (outcome.status !== 'cancelled') return;
    expect(outcome.partial.dense!.top1).toBeGreaterThan(50);
    expect(outcome.partial.oneShot).toHaveLength(2);
    expect(outcome.partial.iterative).toEqual([]);
    expect(Array.from(await lab.predict(20))).toEqual(Array.from(start));
    lab.dispose();
  });

  it('trains on a training set the user brought: Han distils on a small one, retrains plainly above 10k', async () => {
    const lab = await openLab();
    const small = gatherImages(
      train,
      Array.from({ length: 24 }, (_, i) => i),
    );
    expect(lab.loadTrainingSet({ name: 'train-images-idx3-ubyte.gz', images: small })).toEqual({
      name: 'train-images-idx3-ubyte.gz',
      n: 24,
    });
    expect((await lab.trainTensors()).x.shape[0]).toBe(24);
    const outcome = await lab.runHan({ steps: [{ sparsity: 0.5, epochs: 1 }] });
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.result.retraining).toEqual({
      distill: { temperature: 4, alpha: 0.1 },
      trainingImages: 24,
      reason: 'subset',
    });
    expect(outcome.result.options.distill).toEqual({ temperature: 4, alpha: 0.1 });
    expect(() => lab.loadTrainingSet({ name: 'x', images: { ...small, labelled: false } })).toThrow(/needs labels/);
    // one image more than the shipped subset: Han's plain retraining (wasm only: cpu takes ~30 s)
    if (tf.getBackend() !== 'wasm') return lab.dispose();
    const full = gatherImages(
      train,
      Array.from({ length: 10_001 }, (_, i) => i % train.n),
    );
    lab.loadTrainingSet({ name: 'train-images-idx3-ubyte.gz', images: full });
    const plain = await lab.runHan({ steps: [{ sparsity: 0.5, epochs: 1 }], batchSize: 512 });
    expect(plain.status === 'done' && plain.result.retraining).toEqual({
      distill: null,
      trainingImages: 10_001,
      reason: 'full-set',
    });
    expect(plain.status === 'done' && plain.result.options.distill).toBeNull();
    lab.dispose();
  });

  it('a fresh service given the same model, data and plan gives the same figures (device-loss replay)', async () => {
    const run = async () => {
      const lab = await openLab();
      const dense = await lab.baseline();
      const plan = await lab.applyPlan(LEVEL_PLAN);
      const out = await lab.predict(10);
      lab.dispose();
      return { dense, plan, out: Array.from(out) };
    };
    const a = await run();
    const b = await run();
    expect(b.plan.status === 'done' && b.plan.result.full!.metrics).toEqual(
      a.plan.status === 'done' && a.plan.result.full!.metrics,
    );
    expect(b.dense.status === 'done' && b.dense.result!.full.metrics).toEqual(
      a.dense.status === 'done' && a.dense.result!.full.metrics,
    );
    expect(b.out).toEqual(a.out);
  });
});

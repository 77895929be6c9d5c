// The Li et al. job's cancel: what the finished phases measured comes back, the lab keeps the model
// as far as it got, and no tensor is left behind.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadIdxPair } from '../data/idx';
import { EMPTY_PLAN } from '../plan/plan';
import { expectNoLeak, useBackend } from '../test-backends';
import type { LabelledImages } from '../types';
import { demoModelFiles, PUBLIC_DIR } from './demo-files';
import { LabService } from './lab-service';
import type { LiPhase } from './li-job';

const DATA = path.join(PUBLIC_DIR, 'data', 'fashion-mnist');
const read = (f: string) => new Uint8Array(readFileSync(path.join(DATA, f)));
let test: LabelledImages;
let lab: LabService;

beforeAll(async () => {
  await useBackend('wasm');
  test = await loadIdxPair(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'));
  lab = new LabService({ quickEstimate: false });
  await lab.loadData({ test: async () => ({ name: 'test', images: test }), train: async () => test });
  await lab.loadModel(demoModelFiles('vgg'), { name: 'vgg', source: 'demo' });
  lab.setEvalSettings({ scaling: { kind: 'unit' }, limit: 100 });
});
afterAll(() => lab.dispose());

it('a cancel at the thin phase keeps the dense figure, the sweep and the ratios; the model stays whole', async () => {
  const params = lab.current().info.params;
  const abort = new AbortController();
  const phases: LiPhase[] = [];
  // the evaluation and training images are on the device before (the lab's own state, not the job's)
  await lab.baseline();
  await lab.trainTensors();
  const outcome = await expectNoLeak(async () => {
    const o = await lab.runLi({ levels: [0.25, 0.5], budget: 3, epochs: 1, trainImages: 128 }, abort.signal, (e) => {
      if (e.type !== 'phase') return;
      phases.push(e.phase);
      if (e.phase === 'thin') abort.abort();
    });
    // the pruned masks stay in force after the cancel; lifting them leaves what was there before
    await lab.applyPlan(EMPTY_PLAN);
    return o;
  });
  expect(phases).toEqual(['dense', 'sweep', 'prune', 'thin']);
  expect(outcome.status).toBe('cancelled');
  if (outcome.status !== 'cancelled') return;
  const p = outcome.partial;
  expect(p.phase).toBe('thin');
  expect(p.denseTop1).toBeGreaterThan(80);
  // 4 conv layers x (dense + 2 ratios)
  expect(p.rows).toHaveLength(12);
  expect(p.ratios?.map((r) => r.parameter)).toEqual(['conv1/kernel', 'conv2/kernel', 'conv3/kernel', 'conv4/kernel']);
  expect(p.prunedTop1).not.toBeNull();
  expect(p.thin).toBeNull();
  expect(p.thinnedModel).toBeNull();
  // the teacher's loss was chosen (and its logits taken, then freed) before pruning
  expect(p.retraining).toEqual({ distill: { temperature: 4, alpha: 0.1 }, trainingImages: 128, reason: 'subset' });
  expect(lab.current().info.params).toBe(params);
}, 240_000);

it('fine-tunes on the subset by distillation from the dense model; plain cross-entropy when asked', async () => {
  const run = async (distill?: null) => {
    await lab.loadModel(demoModelFiles('vgg'), { name: 'vgg', source: 'demo' });
    const settings = { levels: [0.5], budget: 100, epochs: 1, trainImages: 64, latencyRuns: 1 };
    const o = await lab.runLi(distill === null ? { ...settings, distill } : settings);
    if (o.status !== 'done') throw new Error(`the run did not finish: ${o.status}`);
    return o.result.report;
  };
  const distilled = await run();
  const plain = await run(null);
  expect(distilled.retraining).toEqual({
    distill: { temperature: 4, alpha: 0.1 },
    trainingImages: 64,
    reason: 'subset',
  });
  expect(plain.retraining).toEqual({ distill: null, trainingImages: 64, reason: 'asked' });
  // the same pruned model, the same seed and batches: only the loss differs
  expect(plain.top1.pruned).toBe(distilled.top1.pruned);
  expect(plain.fineTuneEpochs[0].loss).not.toBeCloseTo(distilled.fineTuneEpochs[0].loss, 4);
}, 240_000);

it('refuses settings it cannot run, naming the setting', async () => {
  const outcome = await lab.runLi({ budget: -1 });
  expect(outcome).toEqual({ status: 'refused', reason: 'budget must be a number of points >= 0; got -1' });
});

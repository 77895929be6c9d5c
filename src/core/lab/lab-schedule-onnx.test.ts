// A schedule on a model that cannot train (ONNX): the lab applies the pruning policies at their
// epochs with no fine-tuning, evaluates each step and says so.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { loadIdxPair } from '../data/idx';
import { NO_FINE_TUNING_NOTE } from '../schedule/masks-only-run';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import type { LabelledImages, NamedBytes } from '../types';
import { LabService } from './lab-service';
import type { RunEvent } from './types';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(HERE, '../../../public/data/fashion-mnist');
const onnx = (name: string): NamedBytes => {
  const b = readFileSync(path.resolve(HERE, '../engine/onnx/fixtures', name));
  return { name, bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
};

let test: LabelledImages;
beforeAll(async () => {
  const read = (f: string) => new Uint8Array(readFileSync(path.join(DATA, f)));
  test = await loadIdxPair(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'));
});

describeEachBackend('a schedule on an ONNX model', () => {
  it('prunes at the policy epochs without fine-tuning, evaluating every step', async () => {
    const lab = new LabService();
    await lab.loadData({ test: async () => ({ name: 'test', images: test }), train: async () => test });
    const info = await lab.loadModel([onnx('resnet-bn.onnx')], { source: 'files' });
    lab.setEvalSettings({ scaling: { kind: 'unit' }, limit: 200 });
    await lab.baseline();
    const events: RunEvent[] = [];
    const outcome = await expectNoLeak(() =>
      lab.runSchedule(
        {
          schedule: {
            rules: [
              {
                name: 'agp',
                pruner: { kind: 'agp', initialSparsity: 0.2, finalSparsity: 0.6 },
                tensors: '*',
                when: { start: 0, end: 3, frequency: 1 },
              },
            ],
          },
          epochs: 3,
          train: { optimizer: 'adam', lr: 1e-4, momentum: 0, batchSize: 64, weightDecay: 0 },
        },
        undefined,
        (e) => events.push(e),
      ),
    );
    expect(outcome.status, outcome.status === 'refused' ? outcome.reason : '').toBe('done');
    if (outcome.status !== 'done') return;
    const { timeline, masks, adoptedStep } = outcome.result;
    expect(timeline.map((e) => [e.kind, e.epoch])).toEqual([
      ['start', 0],
      ['prune', 0],
      ['prune', 1],
      ['prune', 2],
    ]);
    // AGP 0.2 -> 0.6 at epochs 0, 1, 2 (span 2): 0.2, 0.55, 0.6
    expect(timeline[1].totalSparsity).toBeCloseTo(0.2, 2);
    expect(timeline[3].totalSparsity).toBeCloseTo(0.6, 2);
    expect(timeline[3].metrics.n).toBe(200);
    expect(adoptedStep).toBeNull();
    expect(Object.keys(masks).sort()).toEqual(info.tensors.map((t) => t.name).sort());
    expect(events.some((e) => e.type === 'status' && e.text === NO_FINE_TUNING_NOTE)).toBe(true);
    // the plan that makes these masks: each tensor a level method, and applying it changes no mask
    const plan = outcome.result.plan!;
    expect(Object.keys(plan.tensors).sort()).toEqual(Object.keys(masks).sort());
    for (const m of Object.values(plan.tensors)) expect(m).toMatchObject({ kind: 'level' });
    const before = lab.sparsityTable();
    const names = Object.keys(masks);
    const kept = names.map((n) => lab.maskView(n).mask);
    expect((await lab.applyPlan(plan)).status).toBe('done');
    expect(names.map((n) => lab.maskView(n).mask)).toEqual(kept);
    expect(lab.sparsityTable()).toEqual(before);
    lab.dispose();
  });
});

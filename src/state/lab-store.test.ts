import { describe, expect, it, vi } from 'vitest';
import { createLabStore, type LabApiLike, type WorkerPort } from './lab-store';
import { selectCurrentFigure, selectDenseReference } from './selectors';
import type { ModelSummary } from '../core/lab/types';
import type { PrunePlan } from '../core/plan/plan';
import { methodFor } from '../core/plan/method-info';

const layer = (name: string, inbound: string) => ({
  name,
  class: 'Dense',
  outputShape: [],
  params: 0,
  inbound: [inbound],
});

// 'vgg' has a conv layer in front, for methods of one rank only
const summary = (name: string): ModelSummary => ({
  name,
  source: 'demo',
  format: 'tfjs-layers',
  tensors: [
    ...(name === 'vgg'
      ? [
          {
            name: 'conv1/kernel',
            layerName: 'conv1',
            layerClass: 'Conv2D',
            kind: 'conv2d' as const,
            shape: [3, 3, 1, 4],
            size: 36,
          },
        ]
      : []),
    { name: 'fc1/kernel', layerName: 'fc1', layerClass: 'Dense', kind: 'dense', shape: [4, 2], size: 8 },
    { name: 'fc2/kernel', layerName: 'fc2', layerClass: 'Dense', kind: 'dense', shape: [2, 2], size: 4 },
  ],
  layers: [
    ...(name === 'vgg' ? [layer('conv1', 'input'), layer('flatten', 'conv1'), layer('fc1', 'flatten')] : []),
    ...(name === 'vgg' ? [] : [layer('fc1', 'input')]),
    layer('fc2', 'fc1'),
  ],
  params: 12,
  dataFit: { fits: true, layout: 'flat' },
  outputs: 'logits',
});

const metrics = (top1: number) => ({ top1, top5: 100, loss: 0.5, n: 10 });

function fakeWorker() {
  const calls: { method: string; args: unknown[] }[] = [];
  let troubles: ((t: { kind: 'crashed' | 'device-lost'; message: string }) => void)[] = [];
  let spawned = 0;
  const api: LabApiLike = {
    init: async (request) => {
      calls.push({ method: 'init', args: [request] });
      return { backend: request === 'auto' ? 'wasm' : request, requested: request, reason: 'test', probes: [] };
    },
    loadDemoData: async () => ({ name: 'test', n: 10, rows: 2, cols: 2, numClasses: 10 }),
    loadDemoModel: async (_b, id) => {
      calls.push({ method: 'loadDemoModel', args: [id] });
      return summary(id);
    },
    loadModelFiles: async (files) => {
      calls.push({ method: 'loadModelFiles', args: [files.map((f) => f.name)] });
      throw new Error('model.json lists 1 weight file; missing: weights.bin');
    },
    loadDataFiles: async (files) => {
      calls.push({ method: 'loadDataFiles', args: [files.map((f) => f.name)] });
      throw new Error('test images: idx data truncated: header says 2x2x2 = 8 bytes, got 7');
    },
    setEvalSettings: async () => undefined,
    baseline: async () => ({
      status: 'done',
      result: {
        full: { metrics: metrics(90), phase: 'full', ms: 1 },
        quick: { metrics: { ...metrics(88.5), n: 4 }, phase: 'quick', ms: 1 },
      },
    }),
    applyPlan: async (plan: PrunePlan, _id, onEvent) => {
      calls.push({ method: 'applyPlan', args: [plan] });
      if (plan.tensors['fc2/kernel']?.kind === 'structured')
        return { status: 'refused', reason: 'fc2/kernel is the output layer: removing a class output' };
      const pruned = Object.keys(plan.tensors).length > 0;
      const report = { perTensor: [], total: { numel: 12, nnz: pruned ? 6 : 12, sparsity: pruned ? 0.5 : 0 } };
      onEvent({ type: 'sparsity', report });
      // nothing pruned: the quick estimate is the dense model on the quick subset
      const quick = { metrics: { ...metrics(pruned ? 80.5 : 88.5), n: 4 }, phase: 'quick' as const, ms: 1 };
      onEvent({ type: 'figure', figure: quick });
      const full = { metrics: metrics(pruned ? 80 : 90), phase: 'full' as const, ms: 1 };
      onEvent({ type: 'figure', figure: full });
      return { status: 'done', result: { sparsity: report, perTensor: [], removedFilters: {}, quick, full } };
    },
    cancel: () => undefined,
    runSchedule: async (request, _id, onEvent) => {
      calls.push({ method: 'runSchedule', args: [request] });
      const event = {
        epoch: 0,
        step: 0,
        kind: 'start' as const,
        metrics: metrics(90),
        sparsity: {},
        totalSparsity: 0,
        revived: 0,
        prunedNonZero: 0,
      };
      onEvent({ type: 'timeline', event });
      onEvent({ type: 'timeline', event: { ...event, step: 1, kind: 'epoch', totalSparsity: 0.5, revived: 12 } });
      return {
        status: 'done',
        result: {
          timeline: [],
          checkpoints: [
            { step: 0, epoch: 0, kind: 'start', top1: 90, sparsity: 0 },
            { step: 1, epoch: 0, kind: 'epoch', top1: 90, sparsity: 0.5 },
          ],
          adoptedStep: 1,
          masks: {},
        },
      };
    },
    runHan: async () => ({ status: 'cancelled', partial: { dense: metrics(90), oneShot: [], iterative: [] } }),
    pauseRun: () => undefined,
    resumeRun: () => undefined,
    restoreCheckpoint: async (step) => {
      calls.push({ method: 'restoreCheckpoint', args: [step] });
    },
    sweep: async (request, _id, onEvent) => {
      calls.push({ method: 'sweep', args: [request] });
      const rows = request.tensors.flatMap((parameter) =>
        request.levels.map((sparsity) => ({
          parameter,
          sparsity,
          top1: parameter === 'fc1/kernel' ? 90 - 10 * sparsity : 90 - 40 * sparsity,
          top5: 100,
          loss: 0.3,
          n: 10,
        })),
      );
      for (const row of rows) onEvent({ type: 'row', row });
      return { status: 'done', result: { rows, ms: 5, n: 10 } };
    },
    summary: async () => ({ rows: [], convention: 'test' }),
    maskView: async (name) => ({ name, shape: [4, 2], mask: null, magnitude: new Uint8Array(8) }),
    cost: async () => ({
      tensors: [],
      total: {
        params: 12,
        nnz: 6,
        macsDense: 12,
        macsEffective: 6,
        bytes: { dense: 48, bitmask: 26, csr: 60, gzip: 40 },
      },
    }),
    latency: async () => {
      throw new Error('not measured in tests');
    },
    thin: async () => {
      throw new Error('no whole filter is pruned yet');
    },
    exportPruned: async () => [],
    predict: async () => new Float32Array(4),
    crashForTest: () => undefined,
    loseDeviceForTest: () => undefined,
  };
  const spawn = (onTrouble: (t: { kind: 'crashed' | 'device-lost'; message: string }) => void): WorkerPort => {
    spawned++;
    troubles.push(onTrouble);
    return {
      api,
      terminate: () => {
        troubles = troubles.filter((t) => t !== onTrouble);
      },
    };
  };
  return {
    calls,
    spawn,
    crash: (kind: 'crashed' | 'device-lost') => troubles.at(-1)?.({ kind, message: 'boom' }),
    spawned: () => spawned,
  };
}

function setup() {
  const w = fakeWorker();
  const store = createLabStore({ spawn: w.spawn, callback: (f) => f, baseUrl: 'http://x/' });
  return { w, store };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('lab store', () => {
  it('boots the demo model and shows its dense baseline', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet300' });
    const s = store.getState();
    expect(s.status).toBe('ready');
    expect(s.model?.name).toBe('lenet300');
    expect(s.baseline?.metrics.top1).toBe(90);
    expect(s.runtime?.backend).toBe('wasm');
    expect(w.calls.find((c) => c.method === 'loadDemoModel')?.args).toEqual(['lenet300']);
  });

  it('a plan change is sent to the worker and its figures stream into results', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.5 });
    await settle();
    const last = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(last.tensors['fc1/kernel']).toEqual({ kind: 'level', sparsity: 0.5 });
    expect(store.getState().full?.metrics.top1).toBe(80);
    expect(store.getState().sparsity?.total.sparsity).toBe(0.5);
  });

  it('a slider drag is one undo step; undo and reset restore the plan', async () => {
    const { store } = setup();
    await store.getState().boot();
    const a = store.getState();
    a.setMethod('fc1/kernel', { kind: 'level', sparsity: 0.1 });
    a.setMethod('fc1/kernel', { kind: 'level', sparsity: 0.2 });
    a.setMethod('fc1/kernel', { kind: 'level', sparsity: 0.3 });
    a.setMethod('fc2/kernel', { kind: 'magnitude', threshold: 0.1 });
    expect(store.getState().past.length).toBe(2);
    store.getState().undo();
    expect(store.getState().plan.tensors).toEqual({ 'fc1/kernel': { kind: 'level', sparsity: 0.3 } });
    store.getState().undo();
    expect(store.getState().plan.tensors).toEqual({});
    store.getState().pruneAll({ kind: 'level', sparsity: 0.7 });
    expect(Object.keys(store.getState().plan.tensors)).toEqual(['fc1/kernel', 'fc2/kernel']);
    store.getState().reset();
    expect(store.getState().plan.tensors).toEqual({});
    await settle();
  });

  it('"Prune all" leaves skipped layers dense and carries the per-layer caps in the plan', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    store.getState().setAllLayersOptions({ skip: ['fc2/kernel'] });
    store.getState().pruneAll({ kind: 'level', sparsity: 0.8 });
    expect(Object.keys(store.getState().plan.tensors)).toEqual(['fc1/kernel']);
    store.getState().setAllLayersOptions({ limits: { maxSparsity: 0.5 } });
    await settle();
    const sent = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(sent.limits).toEqual({ maxSparsity: 0.5 });
    expect(sent.tensors['fc1/kernel']).toEqual({ kind: 'level', sparsity: 0.8 });
  });

  it('"Prune all" with a method of one rank changes those layers only, keeps the limits, honours the skip list', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'vgg' });
    const a = store.getState();
    a.setMethod('fc1/kernel', { kind: 'level', sparsity: 0.3 });
    a.setAllLayersOptions({ limits: { maxSparsity: 0.5 } });
    const kernels = methodFor('kernels', 0.6);
    store.getState().pruneAll(kernels);
    await settle();
    const sent = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(sent.tensors).toEqual({ 'fc1/kernel': { kind: 'level', sparsity: 0.3 }, 'conv1/kernel': kernels });
    expect(sent.limits).toEqual({ maxSparsity: 0.5 });
    // a skipped layer stays dense even when the method is for its rank
    store.getState().setAllLayersOptions({ skip: ['conv1/kernel'] });
    const rows = methodFor('rows', 0.4);
    store.getState().pruneAll(rows);
    store.getState().pruneAll(methodFor('kernels', 0.2));
    expect(store.getState().plan).toEqual({
      version: 1,
      tensors: { 'fc1/kernel': rows, 'fc2/kernel': rows },
      limits: { maxSparsity: 0.5 },
    });
    await settle();
  });

  it('"Prune all" by filters leaves the output layer out with a note and prunes the others', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet5' });
    const filters = methodFor('filters', 0.5);
    store.getState().pruneAll(filters);
    await settle();
    expect(store.getState().plan.tensors).toEqual({ 'fc1/kernel': filters });
    const sent = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(sent.tensors).toEqual({ 'fc1/kernel': filters });
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      '“Prune all” left out fc2/kernel: its units are the model’s outputs (the classes).',
    ]);
    // element methods prune the output layer as any other
    store.getState().pruneAll({ kind: 'level', sparsity: 0.5 });
    expect(Object.keys(store.getState().plan.tensors)).toEqual(['fc1/kernel', 'fc2/kernel']);
    await settle();
  });

  it('a global target set on one layer sets every global layer, and the limits stay', async () => {
    const { store } = setup();
    await store.getState().boot();
    store.getState().setAllLayersOptions({ limits: { minSparsity: 0.1 } });
    store.getState().pruneAll({ kind: 'global', sparsity: 0.5 });
    store.getState().setMethod('fc2/kernel', { kind: 'global', sparsity: 0.7 });
    expect(store.getState().plan).toEqual({
      version: 1,
      tensors: { 'fc1/kernel': { kind: 'global', sparsity: 0.7 }, 'fc2/kernel': { kind: 'global', sparsity: 0.7 } },
      limits: { minSparsity: 0.1 },
    });
    await settle();
  });

  it('a model that fails to open leaves the loaded model and plan in place and says why', async () => {
    const { store } = setup();
    await store.getState().boot({ model: 'lenet5' });
    store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.4 });
    await store.getState().openFiles([{ name: 'model.json', bytes: new ArrayBuffer(2) }]);
    const s = store.getState();
    expect(s.model?.name).toBe('lenet5');
    expect(s.plan.tensors['fc1/kernel']).toEqual({ kind: 'level', sparsity: 0.4 });
    expect(s.notices.at(-1)?.text).toMatch(/Could not open model\.json: .*missing: weights\.bin/);
    expect(s.notices.at(-1)?.level).toBe('error');

    await store.getState().openFiles([
      { name: 'a-images-idx3-ubyte', bytes: new ArrayBuffer(7) },
      { name: 'a-labels-idx1-ubyte', bytes: new ArrayBuffer(9) },
    ]);
    expect(store.getState().notices.at(-1)?.text).toMatch(/idx data truncated/);
    expect(store.getState().dataset?.name).toBe('test');
    await store.getState().openFiles([{ name: 'notes.txt', bytes: new ArrayBuffer(1) }]);
    expect(store.getState().notices.at(-1)?.text).toMatch(/Nothing was opened: notes\.txt/);
    expect(store.getState().model?.name).toBe('lenet5');
  });

  it('a plan the worker refuses is rolled back with the reason, and nothing else changes', async () => {
    const { store } = setup();
    await store.getState().boot();
    store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.3 });
    await settle();
    store.getState().setMethod('fc2/kernel', { kind: 'structured', group: 'filters', sparsity: 0.5, norm: 'l1' });
    await vi.waitFor(() =>
      expect(store.getState().notices.at(-1)?.text).toMatch(/Not applied: fc2\/kernel is the output layer/),
    );
    expect(store.getState().plan.tensors).toEqual({ 'fc1/kernel': { kind: 'level', sparsity: 0.3 } });
  });

  it('inspect views are fetched for the open tab after each plan', async () => {
    const { store } = setup();
    await store.getState().boot();
    store.getState().setInspectTab('cost');
    await vi.waitFor(() => expect(store.getState().cost?.total.params).toBe(12));
    await store.getState().showMask('fc2/kernel');
    expect(store.getState().maskView?.name).toBe('fc2/kernel');
    await store.getState().thinModel();
    expect(store.getState().notices.at(-1)?.text).toMatch(/Thinning failed: no whole filter/);
    expect(store.getState().working).toBeNull();
  });

  it('a sweep streams rows into a run; a plan proposed from its curves is applied and measured', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    await store.getState().startSweep({
      tensors: ['fc1/kernel', 'fc2/kernel'],
      group: 'element',
      levels: [0, 0.5, 0.9],
      subset: null,
      minTop1: null,
      mode: 'labels',
    });
    const run = store.getState().runs[0];
    expect(run.status).toBe('done');
    expect(run.rows.length).toBe(6);
    expect(run.baselineTop1).toBe(90);
    store.getState().setBudget(5);
    store.getState().proposePlan('greedy');
    const proposal = store.getState().proposal!;
    // fc1 drops 10 pp per unit sparsity: 0.5 costs 5 pp (within budget), 0.9 costs 9; fc2 drops 40 pp per unit
    expect(proposal.entries.find((e) => e.parameter === 'fc1/kernel')?.sparsity).toBe(0.5);
    expect(proposal.entries.find((e) => e.parameter === 'fc2/kernel')?.sparsity).toBe(0);
    store.getState().applyProposal();
    await settle();
    const applied = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(applied.tensors).toEqual({ 'fc1/kernel': { kind: 'level', sparsity: 0.5, convention: 'distiller' } });
    expect(store.getState().proposalMeasured).toEqual({ predictedTop1: 85, measuredTop1: 80 });
  });

  it('a proposal is applied with the chosen ranking settings, for the structure the sweep measured', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    store.getState().setRanking({ convention: 'torch', norm: 'l2', normalize: 'raw' });
    const sweep = { tensors: ['fc1/kernel'], levels: [0, 0.5], subset: null, minTop1: null, mode: 'labels' as const };
    await store.getState().startSweep({ ...sweep, group: 'element' });
    store.getState().setBudget(5);
    store.getState().proposePlan('greedy');
    store.getState().applyProposal();
    expect(store.getState().plan.tensors).toEqual({
      'fc1/kernel': { kind: 'level', sparsity: 0.5, convention: 'torch' },
    });
    await store.getState().startSweep({ ...sweep, group: 'filter' });
    store.getState().proposePlan('greedy');
    store.getState().applyProposal();
    await settle();
    const applied = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(applied.tensors).toEqual({
      'fc1/kernel': {
        kind: 'structured',
        group: 'filters',
        sparsity: 0.5,
        norm: 'l2',
        normalize: 'raw',
        convention: 'torch',
      },
    });
  });

  it('imports a Distiller CSV and refuses a foreign one', async () => {
    const { store } = setup();
    await store.getState().boot();
    store
      .getState()
      .importSensitivityCsv(
        'sens.csv',
        'parameter,sparsity,top1,top5,loss\nfc1/kernel,0.00,90.00,99.00,0.3000\nfc1/kernel,0.50,88.00,99.00,0.3500\n',
      );
    expect(store.getState().runs.at(-1)?.rows.length).toBe(2);
    expect(store.getState().runs.at(-1)?.baselineTop1).toBe(90);
    store.getState().importSensitivityCsv('other.csv', 'a,b\n1,2\n');
    expect(store.getState().notices.at(-1)?.text).toMatch(/Could not import other\.csv/);
    expect(store.getState().runs.length).toBe(1);
  });

  it('a schedule run streams its timeline, adopts the fine-tuned weights and starts a fresh plan', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.3 });
    await store.getState().startScheduleRun();
    const run = store.getState().run!;
    expect(run.status).toBe('done');
    expect(run.timeline.map((e) => e.kind)).toEqual(['start', 'epoch']);
    expect(run.adoptedStep).toBe(1);
    expect(store.getState().plan.tensors).toEqual({});
    const req = w.calls.find((c) => c.method === 'runSchedule')!.args[0] as {
      epochs: number;
      train: { optimizer: string };
    };
    expect(req.epochs).toBe(8);
    expect(req.train.optimizer).toBe('adam');
    await store.getState().restoreCheckpoint(0);
    expect(store.getState().run?.adoptedStep).toBe(0);
  });

  it('a cancelled Han experiment ends cancelled and shows no curves (no made-up zero metrics)', async () => {
    const { store } = setup();
    await store.getState().boot();
    await store.getState().startHanExperiment();
    expect(store.getState().run?.status).toBe('cancelled');
    expect(store.getState().han).toBeNull();
  });

  it('the quick estimate is compared with the dense model on the same quick subset', async () => {
    const { store } = setup();
    await store.getState().boot();
    // nothing pruned, only the quick estimate in so far
    store.setState({ full: null });
    const s = store.getState();
    const current = selectCurrentFigure(s)!;
    const dense = selectDenseReference(s)!;
    expect(current.phase).toBe('quick');
    expect(dense.metrics.n).toBe(current.metrics.n);
    expect(current.metrics.top1 - dense.metrics.top1).toBe(0);
    // the full figure is compared with the dense figure of the full set
    store.setState({ full: { metrics: metrics(90), phase: 'full', ms: 1 } });
    expect(selectDenseReference(store.getState())?.metrics.n).toBe(10);
  });

  it('imports a Distiller YAML schedule and names the line of a typo', async () => {
    const { store } = setup();
    await store.getState().boot();
    const yaml = [
      'version: 1',
      'pruners:',
      '  p1:',
      '    class: AutomatedGradualPruner',
      '    initial_sparsity: 0.05',
      '    final_sparsity: 0.80',
      '    weights: [fc1.weight]',
      'policies:',
      '  - pruner: {instance_name: p1}',
      '    starting_epoch: 0',
      '    ending_epoch: 4',
      '    frequency: 1',
      '',
    ].join('\n');
    store.getState().importScheduleYaml('s.yaml', yaml);
    expect(store.getState().schedule.rules[0].tensors).toEqual(['fc1/kernel']);
    store.getState().importScheduleYaml('bad.yaml', yaml.replace('final_sparsity', 'final_sparsty'));
    expect(store.getState().notices.at(-1)?.text).toMatch(/Could not import bad\.yaml: .*line 6/);
    expect(store.getState().exportScheduleYaml()).toMatch(/AutomatedGradualPruner/);
  });

  it('restarts a crashed worker and replays model and plan; a lost GPU falls back to wasm', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'vgg', backend: 'webgpu' });
    store.getState().setMethod('fc2/kernel', { kind: 'level', sparsity: 0.6 });
    await settle();
    const before = w.calls.length;
    w.crash('crashed');
    await vi.waitFor(() => expect(store.getState().status).toBe('ready'));
    await settle();
    const after = w.calls.slice(before);
    expect(after[0]).toEqual({ method: 'init', args: ['webgpu'] });
    expect(after.find((c) => c.method === 'loadDemoModel')?.args).toEqual(['vgg']);
    expect((after.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan).tensors['fc2/kernel']).toEqual({
      kind: 'level',
      sparsity: 0.6,
    });
    expect(store.getState().notices.some((n) => /restored/.test(n.text))).toBe(true);

    w.crash('device-lost');
    await vi.waitFor(() => expect(store.getState().runtime?.backend).toBe('wasm'));
    expect(w.spawned()).toBe(3);
  });
});

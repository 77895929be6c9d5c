// A fake lab worker for the store's tests: answers the LabApi calls with small fixed values and
// records what the store sent.
import { weightHistogram } from '../core/inspect/weight-histogram';
import type { ModelInfo } from '../core/lab/types';
import type { PrunePlan } from '../core/plan/plan';
import type { LabWorker, WorkerTrouble } from '../worker/protocol';
import { createLabStore } from './lab-store';

const layer = (name: string, inbound: string) => ({
  name,
  class: 'Dense',
  outputShape: [],
  params: 0,
  inbound: [inbound],
});

const DENSE = { role: 'dense' as const, axes: { out: 1, in: 0, spatial: [] }, feedsOutput: false };
const CLASSES = { ...DENSE, feedsOutput: true };
// 'vgg' has a conv layer in front, for methods of one rank only
const modelInfo = (name: string): ModelInfo => ({
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
            role: 'conv' as const,
            axes: { out: 3, in: 2, spatial: [0, 1] },
            feedsOutput: false,
          },
        ]
      : []),
    { name: 'fc1/kernel', layerName: 'fc1', layerClass: 'Dense', kind: 'dense', shape: [4, 2], size: 8, ...DENSE },
    { name: 'fc2/kernel', layerName: 'fc2', layerClass: 'Dense', kind: 'dense', shape: [2, 2], size: 4, ...CLASSES },
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

export const metrics = (top1: number) => ({ top1, top5: 100, loss: 0.5, n: 10 });

export function fakeWorker() {
  const calls: { method: string; args: unknown[] }[] = [];
  let troubles: ((t: WorkerTrouble) => void)[] = [];
  let started = 0;
  const api: LabWorker['api'] = {
    init: async (request) => {
      calls.push({ method: 'init', args: [request] });
      return { backend: request === 'auto' ? 'wasm' : request, requested: request, reason: 'test', probes: [] };
    },
    loadDemoData: async () => ({ name: 'test', n: 10, rows: 2, cols: 2, numClasses: 10 }),
    loadDemoModel: async (_b, id) => {
      calls.push({ method: 'loadDemoModel', args: [id] });
      return modelInfo(id);
    },
    loadModelFiles: async (files) => {
      calls.push({ method: 'loadModelFiles', args: [files.map((f) => f.name)] });
      throw new Error('model.json lists 1 weight file; missing: weights.bin');
    },
    loadDataFiles: async (files) => {
      calls.push({ method: 'loadDataFiles', args: [files.map((f) => f.name)] });
      throw new Error('test images: idx data truncated: header says 2x2x2 = 8 bytes, got 7');
    },
    loadTrainFiles: async (files) => {
      calls.push({ method: 'loadTrainFiles', args: [files.map((f) => f.name)] });
      return { name: files.map((f) => f.name).join(' + '), n: 60000 };
    },
    setEvalSettings: async () => null,
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
    sparsityTable: async () => ({ rows: [], convention: 'test' }),
    maskView: async (name) => ({ name, shape: [4, 2], mask: null, magnitude: new Uint8Array(8) }),
    histogram: async (name, method) => {
      calls.push({ method: 'histogram', args: [name, method] });
      return weightHistogram({ name, shape: [4, 2] }, new Float32Array([-2, -1, 0, 1, 2, 3, 4, 5]), null, method, 4);
    },
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
    samples: async () => [],
    crashForTest: () => undefined,
    loseDeviceForTest: () => undefined,
  };
  const startWorker = (onTrouble: (t: WorkerTrouble) => void): LabWorker => {
    started++;
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
    /** the worker's methods (a test may replace one) */
    api,
    startWorker,
    crash: (kind: WorkerTrouble['kind']) => troubles.at(-1)?.({ kind, message: 'boom' }),
    started: () => started,
  };
}

export function setup() {
  const w = fakeWorker();
  const store = createLabStore({ startWorker: w.startWorker, callback: (f) => f, baseUrl: 'http://x/' });
  return { w, store };
}

/** lets the worker's answers and the store's follow-ups run */
export const settle = () => new Promise((r) => setTimeout(r, 10));

/** the plan the store sent last */
export const lastPlanSent = (w: ReturnType<typeof fakeWorker>) =>
  w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;

// The Web Worker that owns tf.js: a Comlink adapter over the lab service. It picks the backend,
// watches for a lost GPU device, queues jobs (a newer plan supersedes an older one, cancel by id)
// and transfers buffers; the lab itself lives in src/core/lab.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { droppedDataLoader } from './data-files';
import { idxPairFromFiles } from '../core/lab/data-loader';
import { LabService } from '../core/lab/lab-service';
import { cancelled, type JobOutcome } from '../core/lab/outcome';
import { emptyLiPartial } from '../core/lab/li-job';
import { initBackend } from './backends';
import './onnx-runtime';
import { demoDataLoader, fetchDemoModel } from './fetch-loaders';
import { isCancelled, JobQueue } from './job-queue';
import { workerMemory } from './worker-memory';
import { sweepCells } from './sweep-cells';
import type { LabApi, WorkerNotice } from './protocol';

const lab = new LabService();
const jobs = new JobQueue();
let nextInternalJob = -1;
/** where the app's public files are served from; the training subset comes from there too */
let baseUrl = '';

function watchDeviceLoss(): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string }> } }).device;
  device?.lost?.then((info) => {
    const notice: WorkerNotice = { type: 'prunelab:device-lost', message: info?.message || 'the GPU device was lost' };
    self.postMessage(notice);
  });
}

/** Internal jobs (loads, views) queue behind the tensor jobs but are never cancelled. */
const internal = <T>(work: () => Promise<T> | T) => jobs.run(nextInternalJob--, async () => work());

/** A long job; cancelled before it started, it ends as a cancelled outcome with nothing finished. */
function job<T, P>(
  jobId: number,
  work: (signal: AbortSignal) => Promise<JobOutcome<T, P>>,
  notStarted: P,
  opts: { supersede?: boolean } = {},
): Promise<JobOutcome<T, P>> {
  return jobs.run(jobId, work, opts).catch((e) => {
    if (isCancelled(e)) return cancelled(notStarted);
    throw e;
  });
}

const api: LabApi = {
  async init(request) {
    const info = await initBackend(request);
    watchDeviceLoss();
    return info;
  },
  loadDemoData: (url) => {
    baseUrl = url;
    return internal(async () => (await lab.loadData(demoDataLoader(url))).dataset);
  },
  loadDataFiles: (files, onProgress, jobId) =>
    jobs.run(jobId ?? nextInternalJob--, (signal) =>
      lab.loadData(droppedDataLoader(files, demoDataLoader(baseUrl).train, onProgress, signal)),
    ),
  loadTrainFiles: (files) => internal(async () => lab.loadTrainingSet(await idxPairFromFiles(files))),
  loadDemoModel: (url, id) => {
    baseUrl = url;
    return internal(async () => {
      const { files, card } = await fetchDemoModel(url, id);
      return lab.loadModel(files, { name: id, source: 'demo', card });
    });
  },
  loadModelFiles: (files) => internal(() => lab.loadModel(files, { source: 'files' })),
  setEvalSettings: (settings) => internal(() => lab.setEvalSettings(settings)),
  baseline: (jobId, onEvent) => job(jobId, (signal) => lab.baseline(signal, onEvent), null),
  applyPlan: (plan, jobId, onEvent) =>
    job(jobId, (signal) => lab.applyPlan(plan, signal, onEvent), { sparsity: null, quick: null }, { supersede: true }),
  cancel: (jobId) => jobs.cancel(jobId),
  sweep: (request, jobId, onEvent) =>
    job(jobId, (signal) => lab.sweep(request, signal, onEvent, sweepCells(request, onEvent)), {
      rows: [],
      ms: 0,
      n: 0,
    }),
  runSchedule: (request, jobId, onEvent) =>
    job(jobId, (signal) => lab.runSchedule(request, signal, onEvent), {
      timeline: [],
      checkpoints: [],
      adoptedStep: null,
      masks: {},
    }),
  runHan: (jobId, onEvent) =>
    job(jobId, (signal) => lab.runHan({}, signal, onEvent), { dense: null, oneShot: [], iterative: [] }),
  runLi: (settings, jobId, onEvent) => job(jobId, (signal) => lab.runLi(settings, signal, onEvent), emptyLiPartial()),
  pauseRun: () => lab.pauseRun(),
  resumeRun: () => lab.resumeRun(),
  restoreCheckpoint: (step) => internal(() => lab.restoreCheckpoint(step)),
  sparsityTable: () => internal(() => lab.sparsityTable()),
  maskView: (name) =>
    internal(() => {
      const view = lab.maskView(name);
      const transfer = [view.magnitude.buffer, ...(view.mask ? [view.mask.buffer] : [])];
      return Comlink.transfer(view, transfer as ArrayBuffer[]);
    }),
  // No tensor and no await: it reads the dense copy and the masks in force, so it answers at once, even
  // while a plan is still being evaluated, and follows a moving slider.
  histogram: async (name, method) => lab.histogram(name, method),
  cost: () => internal(() => lab.cost()),
  latency: () => internal(() => lab.latency()),
  thin: (jobId) =>
    job(
      jobId,
      async (signal) => {
        const outcome = await lab.thin({}, signal);
        if (outcome.status !== 'done') return outcome;
        return Comlink.transfer(
          outcome,
          outcome.result.files.map((f) => f.bytes),
        );
      },
      null,
    ),
  exportPruned: () =>
    internal(async () => {
      const files = await lab.exportPruned();
      return Comlink.transfer(
        files,
        files.map((f) => f.bytes),
      );
    }),
  exportMasks: () => internal(() => lab.exportMasks()),
  predict: (n) => internal(() => lab.predict(n)),
  samples: (count) =>
    internal(async () => {
      const views = await lab.samples(count);
      return Comlink.transfer(
        views,
        views.map((v) => v.rgba.buffer as ArrayBuffer),
      );
    }),
  setMemoryBudget: (bytes) => {
    lab.memoryBudget = bytes;
  },
  adoptWeights: (weights) => internal(() => lab.adoptWeights(weights)),
  memory: () => internal(workerMemory),
  crashForTest() {
    setTimeout(() => {
      throw new Error('worker crashed (test hook)');
    });
  },
  loseDeviceForTest() {
    // on WebGPU a destroyed device is a real loss: device.lost resolves and watchDeviceLoss reports it
    const device =
      tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as { device?: { destroy(): void } }).device : null;
    if (device) {
      device.destroy();
      return;
    }
    const notice: WorkerNotice = { type: 'prunelab:device-lost', message: 'device lost (test hook)' };
    self.postMessage(notice);
  },
};

Comlink.expose(api);

// The Web Worker that owns tf.js. Every tensor operation of the lab runs here.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backends';
import { JobQueue } from './job-queue';
import { LabSession } from './session';
import type { BackendRequest, JobEvent, LabApi, WorkerNotice } from './protocol';
import type { PrunePlan } from '../core/plan/plan';

const session = new LabSession();
const jobs = new JobQueue();
let nextInternalJob = -1;
/** where the app's public files (demo data) are served from; set by loadDemoData */
let baseUrl = '';

function watchDeviceLoss(): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string }> } }).device;
  device?.lost?.then((info) => {
    const notice: WorkerNotice = { type: 'prunelab:device-lost', message: info?.message || 'the GPU device was lost' };
    self.postMessage(notice);
  });
}

const api: LabApi = {
  async init(request: BackendRequest) {
    const info = await initBackend(request);
    watchDeviceLoss();
    return info;
  },
  loadDemoData: (url) => {
    baseUrl = url;
    return jobs.run(nextInternalJob--, () => session.loadDemoData(url));
  },
  loadDataFiles: (files) => jobs.run(nextInternalJob--, () => session.loadDataFiles(files)),
  loadDemoModel: (url, id) => {
    baseUrl = url;
    return jobs.run(nextInternalJob--, () => session.loadDemoModel(url, id));
  },
  loadModelFiles: (files) => jobs.run(nextInternalJob--, () => session.loadModelFiles(files)),
  setEvalSettings: (settings) => jobs.run(nextInternalJob--, () => session.setEvalSettings(settings)),
  baseline: (jobId: number, onEvent: (e: JobEvent) => void) =>
    jobs.run(jobId, (signal) => session.baseline(signal, onEvent)),
  applyPlan: (plan: PrunePlan, jobId: number, onEvent: (e: JobEvent) => void) =>
    jobs.run(jobId, (signal) => session.applyPlan(plan, signal, onEvent), { supersede: true }),
  cancel: (jobId) => jobs.cancel(jobId),
  runSchedule: (request, jobId, onEvent) =>
    jobs.run(jobId, (signal) => session.runSchedule(baseUrl, request, signal, onEvent)),
  runHan: (jobId, onEvent) => jobs.run(jobId, (signal) => session.runHan(baseUrl, signal, onEvent)),
  pauseRun: () => session.pauseRun(),
  resumeRun: () => session.resumeRun(),
  restoreCheckpoint: (step) => jobs.run(nextInternalJob--, () => session.restoreCheckpoint(step)),
  sweep: (request, jobId, onEvent) => jobs.run(jobId, (signal) => session.sweep(request, signal, onEvent)),
  summary: () => jobs.run(nextInternalJob--, async () => session.summary()),
  maskView: (name) =>
    jobs.run(nextInternalJob--, async () => {
      const view = session.maskView(name);
      const transfer = [view.magnitude.buffer, ...(view.mask ? [view.mask.buffer] : [])];
      return Comlink.transfer(view, transfer as ArrayBuffer[]);
    }),
  cost: () => jobs.run(nextInternalJob--, () => session.cost()),
  latency: () => jobs.run(nextInternalJob--, () => session.latency()),
  thin: () => jobs.run(nextInternalJob--, () => session.thin()),
  exportPruned: () => jobs.run(nextInternalJob--, () => session.exportPruned()),
  predict: (n) => jobs.run(nextInternalJob--, () => session.predict(n)),
  crashForTest() {
    setTimeout(() => {
      throw new Error('worker crashed (test hook)');
    });
  },
  loseDeviceForTest() {
    const notice: WorkerNotice = { type: 'prunelab:device-lost', message: 'device lost (test hook)' };
    self.postMessage(notice);
  },
};

Comlink.expose(api);

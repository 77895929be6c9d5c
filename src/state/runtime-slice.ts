// The compute worker's life: backend choice, start, crash and device-loss recovery, and the notices.
import type { BackendRequest, RuntimeInfo, WorkerTrouble } from '../worker/protocol';
import type { PrunePlan } from '../core/plan/plan';
import { i18n } from '../i18n/i18n';
import { message, requireWorker, type LabSlice } from './store-context';
import type { DemoId, Notice, WorkerStatus } from './types';

export interface RuntimeState {
  backendRequest: BackendRequest;
  runtime: RuntimeInfo | null;
  workerStatus: WorkerStatus;
  notices: Notice[];
}

export interface BootOptions {
  model?: DemoId;
  backend?: BackendRequest;
  plan?: PrunePlan;
  evalLimit?: number | null;
}

export interface RuntimeSlice extends RuntimeState {
  boot(opts?: BootOptions): Promise<void>;
  setBackend(request: BackendRequest): Promise<void>;
  notify(level: Notice['level'], text: string): void;
  dismiss(id: number): void;
  /** logits of the first n evaluation images (for backend comparisons) */
  predict(n: number): Promise<Float32Array>;
  crashWorkerForTest(kind: 'crash' | 'device-lost'): void;
}

export const initialRuntime: RuntimeState = {
  backendRequest: 'auto',
  runtime: null,
  workerStatus: 'starting',
  notices: [],
};

const SHOWN_NOTICES = 5;

export const createRuntimeSlice: LabSlice<RuntimeSlice> = (ctx) => (set, get) => {
  let lastNoticeId = 0;

  async function startWorker(request: BackendRequest, exclude?: string) {
    ctx.worker?.terminate();
    ctx.worker = ctx.deps.startWorker((t) => void recover(t));
    const runtime = await requireWorker(ctx).api.init(request);
    // the lost backend came back as the choice: ask for wasm explicitly
    if (exclude && runtime.backend === exclude) set({ runtime: await requireWorker(ctx).api.init('wasm') });
    else set({ runtime });
  }

  async function recover(t: WorkerTrouble) {
    const lost = get().runtime?.backend;
    set({ workerStatus: 'restarting' });
    const key = t.kind === 'device-lost' ? 'app.notice.workerLost' : 'app.notice.workerStopped';
    get().notify('warning', i18n.t(key, { detail: t.message }));
    try {
      const request = t.kind === 'device-lost' ? 'wasm' : get().backendRequest;
      await startWorker(request, t.kind === 'device-lost' ? lost : undefined);
      await get().restoreSession();
      set({ workerStatus: 'ready' });
      get().notify('info', i18n.t('app.notice.restarted', { backend: get().runtime?.backend }));
    } catch (e) {
      set({ workerStatus: 'failed' });
      get().notify('error', i18n.t('app.notice.restartFailed', { detail: message(e) }));
    }
  }

  return {
    ...initialRuntime,

    async boot(opts = {}) {
      const id = opts.model ?? 'lenet5';
      const backendRequest = opts.backend ?? 'auto';
      set({ workerStatus: 'starting', backendRequest, modelSource: { kind: 'demo', id }, opening: id });
      try {
        await startWorker(backendRequest);
        if (opts.plan) set({ plan: opts.plan, allLayers: { skip: [], limits: opts.plan.limits ?? {} } });
        if (opts.evalLimit !== undefined) set({ evalLimit: opts.evalLimit });
        await get().restoreSession();
        set({ workerStatus: 'ready' });
      } catch (e) {
        set({ workerStatus: 'failed' });
        get().notify('error', i18n.t('app.notice.startFailed', { detail: message(e) }));
      } finally {
        set({ opening: null });
      }
    },

    async setBackend(request) {
      set({ backendRequest: request, workerStatus: 'restarting' });
      try {
        await startWorker(request);
        await get().restoreSession();
        set({ workerStatus: 'ready' });
      } catch (e) {
        set({ workerStatus: 'failed' });
        get().notify('error', i18n.t('app.notice.switchFailed', { detail: message(e) }));
      }
    },

    notify(level, text) {
      const notice = { id: ++lastNoticeId, level, text };
      set((s) => ({ notices: [...s.notices.slice(-(SHOWN_NOTICES - 1)), notice] }));
    },
    dismiss(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
    predict: (n) => Promise.resolve(requireWorker(ctx).api.predict(n)),
    crashWorkerForTest(kind) {
      if (kind === 'crash') void requireWorker(ctx).api.crashForTest();
      else void requireWorker(ctx).api.loseDeviceForTest();
    },
  };
};

// The compute worker's life: backend choice, start, crash and device-loss recovery, and the notices.
import type { BackendRequest, RuntimeInfo, WorkerMemory, WorkerTrouble } from '../worker/protocol';
import type { PrunePlan } from '../core/plan/plan';
import { i18n } from '../i18n/i18n';
import { message, requireWorker, type LabSlice } from './store-context';
import { interruptedWork } from './recovery';
import { DEFAULT_MEMORY_BUDGET, formatBytes } from '../core/engine/memory-budget';
import type { DemoId, ModelSource, Notice, WorkerStatus } from './types';

export interface RuntimeState {
  backendRequest: BackendRequest;
  runtime: RuntimeInfo | null;
  workerStatus: WorkerStatus;
  notices: Notice[];
  /** bytes a model's weights may take as float32 on this device (kept in this browser) */
  memoryBudget: number;
}

export interface BootOptions {
  model?: DemoId;
  /** dropped files to open instead of a demo (a saved session) */
  modelSource?: ModelSource;
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
  crashWorkerForTest(kind: 'crash' | 'kill' | 'device-lost'): void;
  /** the worker's tensors and JS heap (after a garbage collection where the browser allows one), for leak checks */
  workerMemory(): Promise<WorkerMemory>;
  /** sets this device's memory budget for model weights, in MiB (a whole number from 1 to 65536) */
  setMemoryBudget(mib: number): void;
}

export const initialRuntime: RuntimeState = {
  backendRequest: 'auto',
  runtime: null,
  workerStatus: 'starting',
  notices: [],
  memoryBudget: DEFAULT_MEMORY_BUDGET,
};

const BUDGET_KEY = 'prunelab.memoryBudget';
const MIB = 2 ** 20;

/** The budget this browser was given before, if any. */
function rememberedBudget(): number {
  try {
    const v = Number(globalThis.localStorage?.getItem(BUDGET_KEY));
    return Number.isInteger(v) && v >= MIB ? v : DEFAULT_MEMORY_BUDGET;
  } catch {
    return DEFAULT_MEMORY_BUDGET;
  }
}

const SHOWN_NOTICES = 5;

export const createRuntimeSlice: LabSlice<RuntimeSlice> = (ctx) => (set, get) => {
  let lastNoticeId = 0;

  async function startWorker(request: BackendRequest, exclude?: string) {
    ctx.worker?.terminate();
    ctx.worker = ctx.deps.startWorker((t) => void recover(t));
    const runtime = await requireWorker(ctx).api.init(request);
    await requireWorker(ctx).api.setMemoryBudget(get().memoryBudget);
    // the lost backend came back as the choice: ask for wasm explicitly
    if (exclude && runtime.backend === exclude) set({ runtime: await requireWorker(ctx).api.init('wasm') });
    else set({ runtime });
  }

  async function recover(t: WorkerTrouble) {
    const lost = get().runtime?.backend;
    const interrupted = interruptedWork(get());
    set({ workerStatus: 'restarting', ...interrupted.patch });
    const key = t.kind === 'device-lost' ? 'app.notice.workerLost' : 'app.notice.workerStopped';
    get().notify('warning', i18n.t(key, { detail: t.message }));
    try {
      const request = t.kind === 'device-lost' ? 'wasm' : get().backendRequest;
      await startWorker(request, t.kind === 'device-lost' ? lost : undefined);
      await get().restoreSession();
      set({ workerStatus: 'ready' });
      get().notify('info', i18n.t('app.notice.restarted', { backend: get().runtime?.backend }));
      const step = get().run?.adoptedStep;
      if (get().adoptedWeights && step != null) get().notify('info', i18n.t('recovery.weightsRestored', { step }));
      for (const line of interrupted.lost) get().notify('warning', line);
    } catch (e) {
      set({ workerStatus: 'failed' });
      get().notify('error', i18n.t('app.notice.restartFailed', { detail: message(e) }));
    }
  }

  return {
    ...initialRuntime,
    memoryBudget: rememberedBudget(),

    async boot(opts = {}) {
      const id = opts.model ?? 'lenet5';
      const backendRequest = opts.backend ?? 'auto';
      const modelSource = opts.modelSource ?? { kind: 'demo', id };
      const opening = modelSource.kind === 'demo' ? id : modelSource.name;
      set({ workerStatus: 'starting', backendRequest, modelSource, opening });
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
    workerMemory: () => Promise.resolve(requireWorker(ctx).api.memory()),
    setMemoryBudget(mib) {
      if (!Number.isInteger(mib) || mib < 1 || mib > 65536) {
        get().notify('error', i18n.t('recovery.budgetInvalid', { value: String(mib) }));
        return;
      }
      set({ memoryBudget: mib * MIB });
      try {
        globalThis.localStorage?.setItem(BUDGET_KEY, String(mib * MIB));
      } catch {
        // storage refused (private mode): the budget lasts this visit
      }
      if (ctx.worker) void ctx.worker.api.setMemoryBudget(mib * MIB);
      get().notify('info', i18n.t('recovery.budgetSet', { size: formatBytes(mib * MIB) }));
    },
    crashWorkerForTest(kind) {
      // 'kill' stops the worker from this side at once, whatever it is doing (as the browser killing it would)
      if (kind === 'kill') {
        ctx.worker?.terminate();
        void recover({ kind: 'crashed', message: 'the worker was killed' });
      } else if (kind === 'crash') void requireWorker(ctx).api.crashForTest();
      else void requireWorker(ctx).api.loseDeviceForTest();
    },
  };
};

// The lab's store: one owner per piece of state. The plan says what the user asked; results stream in
// from the worker. Actions talk to the worker through `LabApiLike` so the store is testable without one.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { EMPTY_PLAN, withLimits, withMethod, type PrunePlan } from '../core/plan/plan';
import { outputTensors, pruneAllScope, withMethodForAll } from '../core/plan/prune-all';
import { planFromProposal } from '../core/plan/plan-from-proposal';
import { DEFAULT_RANKING } from '../core/plan/method-info';
import type { BackendRequest, LabApi } from '../worker/protocol';
import type { JobEvent, RunEvent, SweepEvent } from '../core/lab/types';
import type { NamedBytes } from '../core/types';
import { classifyDrop } from '../core/dropped-files';
import { parseDistillerCsv } from '../core/sensitivity/csv';
import { planFromCurves } from '../core/sensitivity/plan-from-curves';
import { exportDistillerYaml, importDistillerYaml } from '../core/schedule/distiller-yaml';
import type { Schedule } from '../core/schedule/schedule';
import type { DataSource, DemoId, LabState, ModelSource, Notice, SensitivityRun } from './types';

/** The subset of the worker API the store uses (calls may return promises of the same values). */
export type LabApiLike = {
  [K in keyof LabApi]: (
    ...args: Parameters<LabApi[K]>
  ) => Promise<Awaited<ReturnType<LabApi[K]>>> | ReturnType<LabApi[K]>;
};

export interface WorkerPort {
  api: LabApiLike;
  terminate(): void;
}

export interface StoreDeps {
  /** starts a worker; `onTrouble` is called once if it dies or loses its GPU device */
  spawn(onTrouble: (t: { kind: 'crashed' | 'device-lost'; message: string }) => void): WorkerPort;
  /** wraps a callback so the worker can call it (comlink.proxy in the app; identity in tests) */
  callback<T extends (...a: never[]) => unknown>(fn: T): T;
  baseUrl: string;
}

const MAX_UNDO = 100;

/** Zhu & Gupta's AGP on every prunable tensor: 5% → 80% over epochs 0..5, then fine-tuning to epoch 8. */
export const DEFAULT_SCHEDULE: Schedule = {
  rules: [
    {
      name: 'agp_all',
      pruner: { kind: 'agp', initialSparsity: 0.05, finalSparsity: 0.8 },
      tensors: '*',
      when: { start: 0, end: 6, frequency: 1 },
    },
  ],
  epochs: 8,
};

export function createLabStore(deps: StoreDeps): StoreApi<LabState> {
  let port: WorkerPort | null = null;
  let jobCounter = 0;
  let currentPlanJob = 0;
  let noticeCounter = 0;
  let runCounter = 0;
  let trainJob = 0;
  let sweepJob = 0;
  /** the plan made from sensitivity curves, whose real accuracy is measured when it is applied */
  let proposalPlan: PrunePlan | null = null;

  const store = createStore<LabState>()((set, get) => {
    const notify = (level: Notice['level'], text: string) =>
      set((s) => ({ notices: [...s.notices.slice(-4), { id: ++noticeCounter, level, text }] }));

    const api = () => {
      if (!port) throw new Error('the compute worker is not running');
      return port.api;
    };

    const onTrouble = (t: { kind: 'crashed' | 'device-lost'; message: string }) => {
      void recover(t);
    };

    async function startWorker(request: BackendRequest, exclude?: string) {
      port?.terminate();
      port = deps.spawn(onTrouble);
      const runtime = await api().init(request);
      if (exclude && runtime.backend === exclude) {
        // the lost backend came back as the choice: ask for wasm explicitly
        const fallback = await api().init('wasm');
        set({ runtime: fallback });
      } else set({ runtime });
    }

    async function loadModel(source: ModelSource) {
      const summary =
        source.kind === 'demo'
          ? await api().loadDemoModel(deps.baseUrl, source.id)
          : await api().loadModelFiles(copies(source.files));
      set({
        model: summary,
        source,
        baseline: null,
        baselineQuick: null,
        quick: null,
        full: null,
        sparsity: null,
        summary: null,
        cost: null,
        maskView: null,
        maskTensor: null,
        latency: null,
        thin: null,
      });
      return summary;
    }

    async function loadData(dataSource: DataSource) {
      if (dataSource.kind === 'demo') return api().loadDemoData(deps.baseUrl);
      const { dataset } = await api().loadDataFiles(copies(dataSource.files));
      return dataset;
    }

    async function runBaseline() {
      const jobId = ++jobCounter;
      set({ busy: 'baseline', progress: null });
      try {
        const outcome = await api().baseline(
          jobId,
          deps.callback((e: JobEvent) => {
            if (e.type === 'progress') set({ progress: { done: e.done, total: e.total } });
          }),
        );
        if (outcome.status === 'refused') notify('error', `The dense model was not evaluated: ${outcome.reason}`);
        const dense = outcome.status === 'done' ? outcome.result : null;
        set({ baseline: dense?.full ?? null, baselineQuick: dense?.quick ?? null });
      } finally {
        if (get().busy === 'baseline') set({ busy: null, progress: null });
      }
    }

    async function runPlan() {
      const { plan, model } = get();
      if (!model || !port) return;
      const jobId = ++jobCounter;
      currentPlanJob = jobId;
      set({ busy: 'plan', progress: null, quick: null, full: null });
      const mine = () => currentPlanJob === jobId;
      try {
        const outcome = await api().applyPlan(
          plan,
          jobId,
          deps.callback((e: JobEvent) => {
            if (!mine()) return;
            if (e.type === 'sparsity') set({ sparsity: e.report });
            else if (e.type === 'progress') set({ progress: { done: e.done, total: e.total } });
            else if (e.figure.phase === 'quick') set({ quick: e.figure });
            else set({ full: e.figure });
          }),
        );
        if (!mine() || outcome.status === 'cancelled') return;
        if (outcome.status === 'refused') {
          // The worker refused the plan before touching any weight: go back to the last plan it accepted.
          const past = get().past;
          set({ plan: past.length ? past[past.length - 1] : EMPTY_PLAN, past: past.slice(0, -1) });
          notify('error', `Not applied: ${outcome.reason}`);
          void runPlan();
          return;
        }
        void refreshInspect();
        const measured = get().proposalMeasured;
        if (plan === proposalPlan && measured)
          set({ proposalMeasured: { ...measured, measuredTop1: get().full?.metrics.top1 ?? null } });
      } catch (e) {
        if (mine()) notify('error', `Evaluation failed: ${message(e)}`);
      } finally {
        if (mine()) set({ busy: null, progress: null });
      }
    }

    async function refreshInspect() {
      const { inspectTab, maskTensor, model } = get();
      if (!port || !model) return;
      try {
        if (inspectTab === 'summary') set({ summary: await api().summary() });
        else if (inspectTab === 'cost') set({ cost: await api().cost() });
        else if (inspectTab === 'masks') {
          const name =
            maskTensor && model.tensors.some((t) => t.name === maskTensor) ? maskTensor : model.tensors[0]?.name;
          if (name) set({ maskTensor: name, maskView: await api().maskView(name) });
        }
      } catch (e) {
        notify('error', message(e));
      }
    }

    async function work<T>(label: string, fn: () => Promise<T>): Promise<T | null> {
      set({ working: label });
      try {
        return await fn();
      } catch (e) {
        notify('error', `${label[0].toUpperCase()}${label.slice(1)} failed: ${message(e)}`);
        return null;
      } finally {
        set({ working: null });
      }
    }

    /** Loads data + model + settings into a fresh worker and replays the plan: used at boot and recovery. */
    async function restoreSession() {
      const { source, scaling, evalLimit, dataSource } = get();
      set({ dataset: await loadData(dataSource) });
      await api().setEvalSettings({ scaling, limit: evalLimit });
      if (source) await loadModel(source);
      await runBaseline();
      await runPlan();
    }

    async function recover(t: { kind: 'crashed' | 'device-lost'; message: string }) {
      const lost = get().runtime?.backend;
      set({ status: 'restarting' });
      notify(
        'warning',
        `The compute worker ${t.kind === 'device-lost' ? 'lost its GPU device' : 'stopped'} (${t.message}). Restarting…`,
      );
      try {
        const request = t.kind === 'device-lost' ? 'wasm' : get().backendRequest;
        await startWorker(request, t.kind === 'device-lost' ? lost : undefined);
        await restoreSession();
        set({ status: 'ready' });
        notify('info', `Restarted on ${get().runtime?.backend}; your model and plan were restored.`);
      } catch (e) {
        set({ status: 'failed' });
        notify('error', `Could not restart the compute worker: ${message(e)}`);
      }
    }

    // A burst of edits to the same control (a slider drag) is one undo step.
    let lastEdit = { key: '', at: 0 };
    const changePlan = (plan: PrunePlan, key = '') => {
      const now = Date.now();
      const coalesce = key !== '' && key === lastEdit.key && now - lastEdit.at < 800;
      lastEdit = { key, at: now };
      // Latency and thinning results describe the plan they were made for.
      set((s) =>
        coalesce
          ? { plan, latency: null, thin: null }
          : { plan, latency: null, thin: null, past: [...s.past.slice(-MAX_UNDO + 1), s.plan] },
      );
      void runPlan();
    };

    return {
      // runtime
      backendRequest: 'auto',
      runtime: null,
      status: 'starting',
      notices: [],
      // dataset
      dataset: null,
      dataSource: { kind: 'demo' },
      scaling: { kind: 'unit' },
      evalLimit: null,
      // model
      model: null,
      source: null,
      loading: null,
      // plan
      plan: EMPTY_PLAN,
      past: [],
      allLayers: { skip: [], limits: {} },
      // results
      baseline: null,
      baselineQuick: null,
      quick: null,
      full: null,
      sparsity: null,
      progress: null,
      busy: null,
      // inspect
      inspectTab: 'summary',
      ranking: DEFAULT_RANKING,
      summary: null,
      maskTensor: null,
      maskView: null,
      cost: null,
      latency: null,
      thin: null,
      working: null,

      // sensitivity
      view: 'prune',
      runs: [],
      activeRun: null,
      sweepProgress: null,
      budget: 1,
      proposal: null,
      proposalMeasured: null,

      setView(view) {
        set({ view });
      },
      async startSweep(request) {
        if (!port || !get().model) return;
        const jobId = ++jobCounter;
        sweepJob = jobId;
        const id = ++runCounter;
        const baselineTop1 = request.mode === 'labels' ? (get().baseline?.metrics.top1 ?? null) : 100;
        const run: SensitivityRun = {
          id,
          label: `Sweep ${id} · ${request.group}`,
          source: 'sweep',
          request,
          rows: [],
          status: 'running',
          notes: [],
          ms: null,
          baselineTop1,
        };
        set((s) => ({
          runs: [...s.runs, run],
          activeRun: id,
          sweepProgress: null,
          proposal: null,
          proposalMeasured: null,
        }));
        const update = (patch: Partial<SensitivityRun> | ((r: SensitivityRun) => Partial<SensitivityRun>)) =>
          set((s) => ({
            runs: s.runs.map((r) => (r.id === id ? { ...r, ...(typeof patch === 'function' ? patch(r) : patch) } : r)),
          }));
        try {
          const outcome = await api().sweep(
            request,
            jobId,
            deps.callback((e: SweepEvent) => {
              // callbacks travel on their own channel: a late row after the outcome must not be added twice
              if (e.type === 'row')
                update((r) =>
                  r.status === 'running'
                    ? { rows: [...r.rows, e.row], baselineTop1: e.row.sparsity === 0 ? e.row.top1 : r.baselineTop1 }
                    : {},
                );
              else if (e.type === 'progress')
                set({ sweepProgress: { done: e.done, total: e.total, tensor: e.tensor } });
              else update((r) => ({ notes: [...r.notes, e.text] }));
            }),
          );
          if (outcome.status === 'refused') {
            update({ status: 'failed' });
            notify('error', `Sensitivity analysis refused: ${outcome.reason}`);
            return;
          }
          const result = outcome.status === 'done' ? outcome.result : outcome.partial;
          // the sweep's own dense row (sparsity 0, on exactly the sweep's images) is the fairest baseline
          const dense = result.rows.find((r) => r.sparsity === 0);
          update((r) => ({
            status: outcome.status === 'done' ? 'done' : 'cancelled',
            ms: result.ms,
            rows: result.rows,
            baselineTop1: dense ? dense.top1 : r.baselineTop1,
          }));
        } catch (e) {
          update({ status: 'failed' });
          notify('error', `Sensitivity analysis failed: ${message(e)}`);
        } finally {
          if (sweepJob === jobId) set({ sweepProgress: null });
        }
      },
      cancelSweep() {
        if (port && sweepJob) void port.api.cancel(sweepJob);
      },
      importSensitivityCsv(name, text) {
        try {
          const curves = parseDistillerCsv(text, name);
          const rows = curves.flatMap((c) => c.points.map((p) => ({ ...p, n: 0 })));
          const dense = rows.filter((r) => r.sparsity === 0).map((r) => r.top1);
          const id = ++runCounter;
          const run: SensitivityRun = {
            id,
            label: name,
            source: 'import',
            request: null,
            rows,
            status: 'done',
            notes: [],
            ms: null,
            baselineTop1: dense.length ? Math.max(...dense) : null,
          };
          set((s) => ({ runs: [...s.runs, run], activeRun: id, proposal: null, proposalMeasured: null }));
          notify('info', `Imported ${curves.length} curves from ${name}.`);
        } catch (e) {
          notify('error', `Could not import ${name}: ${message(e)}`);
        }
      },
      selectRun(id) {
        set({ activeRun: id, proposal: null, proposalMeasured: null });
      },
      setBudget(budget) {
        set({ budget });
      },
      proposePlan(method) {
        const run = get().runs.find((r) => r.id === get().activeRun);
        if (!run || !run.rows.length) {
          notify('error', 'Run or import a sensitivity analysis first.');
          return;
        }
        if (run.baselineTop1 === null) {
          notify('error', 'This analysis has no dense baseline (no row at sparsity 0): cannot measure drops.');
          return;
        }
        const params = Object.fromEntries((get().model?.tensors ?? []).map((t) => [t.name, t.size]));
        try {
          const proposal = planFromCurves(run.rows, {
            baselineTop1: run.baselineTop1,
            budget: get().budget,
            method,
            params,
          });
          set({ proposal, proposalMeasured: null });
        } catch (e) {
          notify('error', message(e));
        }
      },
      applyProposal() {
        const { proposal, model, runs, activeRun } = get();
        const run = runs.find((r) => r.id === activeRun);
        if (!proposal || !model || !run || run.baselineTop1 === null) return;
        const known = new Set(model.tensors.map((t) => t.name));
        const unknown = proposal.entries.filter((e) => !known.has(e.parameter)).map((e) => e.parameter);
        if (unknown.length) notify('warning', `Not in this model, left out: ${unknown.join(', ')}`);
        const entries = proposal.entries.filter((e) => known.has(e.parameter));
        proposalPlan = planFromProposal(entries, run.request?.group ?? 'element', get().ranking);
        set({ proposalMeasured: { predictedTop1: run.baselineTop1 - proposal.predictedDrop, measuredTop1: null } });
        changePlan(proposalPlan);
      },

      // schedules and fine-tuning
      schedule: DEFAULT_SCHEDULE,
      scheduleEpochs: 8,
      train: { optimizer: 'adam', lr: 5e-4, momentum: 0.9, batchSize: 128, weightDecay: 0 },
      run: null,
      han: null,

      setSchedule(schedule, epochs) {
        set({ schedule, scheduleEpochs: epochs ?? schedule.epochs ?? get().scheduleEpochs });
      },
      setTrain(patch) {
        set((s) => ({ train: { ...s.train, ...patch } }));
      },
      importScheduleYaml(name, text) {
        const tensors = get().model?.tensors.map((t) => t.name) ?? [];
        try {
          const { schedule, ignored } = importDistillerYaml(text, tensors, name);
          set({ schedule, scheduleEpochs: schedule.epochs ?? get().scheduleEpochs });
          notify(
            'info',
            `Imported ${schedule.rules.length} pruning rules from ${name}${ignored.length ? `; ignored: ${ignored.join(', ')}` : ''}.`,
          );
        } catch (e) {
          notify('error', `Could not import ${name}: ${message(e)}`);
        }
      },
      exportScheduleYaml() {
        try {
          return exportDistillerYaml(get().schedule, { modelTensors: get().model?.tensors.map((t) => t.name) });
        } catch (e) {
          notify('error', `Could not export the schedule: ${message(e)}`);
          return null;
        }
      },
      startScheduleRun: () => startTraining('schedule'),
      startHanExperiment: () => startTraining('han'),
      pauseRun() {
        const run = get().run;
        if (!port || run?.status !== 'running') return;
        void port.api.pauseRun();
        set({ run: { ...run, status: 'paused' } });
      },
      resumeRun() {
        const run = get().run;
        if (!port || run?.status !== 'paused') return;
        void port.api.resumeRun();
        set({ run: { ...run, status: 'running' } });
      },
      cancelRun() {
        if (!port || !trainJob) return;
        void port.api.resumeRun();
        void port.api.cancel(trainJob);
      },
      async restoreCheckpoint(step) {
        const run = get().run;
        if (!port || !run) return;
        try {
          await api().restoreCheckpoint(step);
          set({ run: { ...run, adoptedStep: step }, plan: EMPTY_PLAN, past: [], baseline: null, baselineQuick: null });
          await runBaseline();
          await runPlan();
          notify('info', `The model now holds the weights of step ${step}.`);
        } catch (e) {
          notify('error', message(e));
        }
      },

      setInspectTab(tab) {
        set({ inspectTab: tab });
        void refreshInspect();
      },
      setRanking(r) {
        set((s) => ({ ranking: { ...s.ranking, ...r } }));
      },
      async showMask(name) {
        set({ maskTensor: name, inspectTab: 'masks' });
        await refreshInspect();
      },
      refreshInspect,
      async measureLatency() {
        const latency = await work('latency measurement', () => Promise.resolve(api().latency()));
        if (latency) set({ latency });
      },
      async thinModel() {
        const outcome = await work('thinning', () => Promise.resolve(api().thin(++jobCounter)));
        if (outcome?.status === 'done') set({ thin: outcome.result });
        else if (outcome?.status === 'refused') notify('error', `Thinning failed: ${outcome.reason}`);
      },
      exportPruned: () => work('export', () => Promise.resolve(api().exportPruned())),

      async boot(opts = {}) {
        const id = opts.model ?? 'lenet5';
        set({ status: 'starting', backendRequest: opts.backend ?? 'auto', source: { kind: 'demo', id }, loading: id });
        try {
          await startWorker(opts.backend ?? 'auto');
          if (opts.plan) set({ plan: opts.plan, allLayers: { skip: [], limits: opts.plan.limits ?? {} } });
          if (opts.evalLimit !== undefined) set({ evalLimit: opts.evalLimit });
          await restoreSession();
          set({ status: 'ready' });
        } catch (e) {
          set({ status: 'failed' });
          notify('error', `Could not start the lab: ${message(e)}`);
        } finally {
          set({ loading: null });
        }
      },

      async selectDemo(id: DemoId) {
        await switchModel({ kind: 'demo', id }, id);
      },

      async openFiles(files) {
        const kind = classifyDrop(files.map((f) => f.name));
        if (kind.kind === 'unknown') {
          notify('error', `Nothing was opened: ${kind.reason}.`);
          return;
        }
        if (kind.kind === 'data') {
          await switchData(files);
          return;
        }
        const name = files.find((f) => /\.(json|onnx|h5|keras)$/i.test(f.name))!.name;
        await switchModel({ kind: 'files', name, files }, name);
      },

      setMethod(name, method) {
        changePlan(withMethod(get().plan, name, method), `tensor:${name}`);
      },
      pruneAll(method) {
        const model = get().model;
        if (!model) return;
        const { skip, limits } = get().allLayers;
        const opts = { skip, outputs: outputTensors(model.tensors, model.layers) };
        const outputs = pruneAllScope(model.tensors, method, opts).leftOut.filter((l) => l.why === 'output');
        if (outputs.length)
          notify(
            'info',
            `“Prune all” left out ${outputs.map((l) => l.name).join(', ')}: ` +
              'its units are the model’s outputs (the classes).',
          );
        changePlan(withLimits(withMethodForAll(get().plan, model.tensors, method, opts), limits), 'all');
      },
      setAllLayersOptions(patch) {
        const allLayers = { ...get().allLayers, ...patch };
        set({ allLayers });
        // limits act on the current plan at once; the skip list on the next "Prune all"
        if (patch.limits && Object.keys(get().plan.tensors).length)
          changePlan(withLimits(get().plan, allLayers.limits), 'limits');
      },
      setPlan(plan, key) {
        changePlan(plan, key);
      },
      undo() {
        const past = get().past;
        if (!past.length) return;
        set({ plan: past[past.length - 1], past: past.slice(0, -1), latency: null, thin: null });
        void runPlan();
      },
      reset() {
        if (Object.keys(get().plan.tensors).length === 0) return;
        changePlan(EMPTY_PLAN);
      },
      cancel() {
        if (port && currentPlanJob) void port.api.cancel(currentPlanJob);
        currentPlanJob = 0;
        set({ busy: null, progress: null });
      },

      async setBackend(request) {
        set({ backendRequest: request, status: 'restarting' });
        try {
          await startWorker(request);
          await restoreSession();
          set({ status: 'ready' });
        } catch (e) {
          set({ status: 'failed' });
          notify('error', `Could not switch backend: ${message(e)}`);
        }
      },

      async setScaling(scaling) {
        set({ scaling });
        await reevaluate();
      },
      async setEvalLimit(evalLimit) {
        set({ evalLimit });
        await reevaluate();
      },

      notify,
      dismiss(id) {
        set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
      },
      predict: (n) => Promise.resolve(api().predict(n)),
      crashWorkerForTest(kind) {
        if (kind === 'crash') void api().crashForTest();
        else void api().loseDeviceForTest();
      },
    };

    async function reevaluate() {
      if (!port) return;
      const { scaling, evalLimit } = get();
      await api().setEvalSettings({ scaling, limit: evalLimit });
      set({ baseline: null, baselineQuick: null });
      try {
        await runBaseline();
        await runPlan();
      } catch (e) {
        notify('error', message(e));
      }
    }

    /** Runs a schedule (or Han's experiment) in the worker; the fine-tuned result becomes the new dense model. */
    async function startTraining(kind: 'schedule' | 'han') {
      if (!port || !get().model || get().run?.status === 'running' || get().run?.status === 'paused') return;
      const jobId = ++jobCounter;
      trainJob = jobId;
      set({
        run: {
          kind,
          status: 'running',
          timeline: [],
          batch: null,
          statusText: null,
          checkpoints: [],
          adoptedStep: null,
        },
        han: kind === 'han' ? null : get().han,
      });
      const patchRun = (
        patch:
          | Partial<NonNullable<LabState['run']>>
          | ((r: NonNullable<LabState['run']>) => Partial<NonNullable<LabState['run']>>),
      ) => set((s) => (s.run ? { run: { ...s.run, ...(typeof patch === 'function' ? patch(s.run) : patch) } } : {}));
      const onEvent = deps.callback((e: RunEvent) => {
        if (trainJob !== jobId) return;
        if (e.type === 'timeline') patchRun((r) => ({ timeline: [...r.timeline, e.event], statusText: null }));
        else if (e.type === 'batch') patchRun({ batch: e.progress });
        else patchRun({ statusText: e.text });
      });
      try {
        const what = kind === 'han' ? 'The Han experiment' : 'The schedule';
        if (kind === 'schedule') {
          const { schedule, scheduleEpochs, train } = get();
          const outcome = await api().runSchedule({ schedule, epochs: scheduleEpochs, train }, jobId, onEvent);
          if (outcome.status === 'refused') {
            patchRun({ status: 'failed', batch: null });
            notify('error', `${what} was refused: ${outcome.reason}`);
            return;
          }
          const report = outcome.status === 'done' ? outcome.result : outcome.partial;
          patchRun({
            status: outcome.status === 'done' ? 'done' : 'cancelled',
            checkpoints: report.checkpoints,
            adoptedStep: report.adoptedStep,
            batch: null,
          });
        } else {
          const outcome = await api().runHan(jobId, onEvent);
          if (outcome.status === 'refused') {
            patchRun({ status: 'failed', batch: null });
            notify('error', `${what} was refused: ${outcome.reason}`);
            return;
          }
          patchRun({ status: outcome.status === 'done' ? 'done' : 'cancelled', batch: null });
          if (outcome.status === 'done') set({ han: outcome.result });
        }
        // the model's weights are a new dense checkpoint: the plan starts empty on top of it
        set({ plan: EMPTY_PLAN, past: [], baseline: null, baselineQuick: null });
        await runBaseline();
        await runPlan();
      } catch (e) {
        patchRun({ status: 'failed', batch: null });
        notify('error', `${kind === 'han' ? 'The Han experiment' : 'The schedule'} failed: ${message(e)}`);
      } finally {
        if (trainJob === jobId) trainJob = 0;
      }
    }

    /**
     * Opens something new (a model or a dataset): `load` does the work and updates the store only
     * when it succeeds, so a failure leaves what the user had. Then the figures are recomputed.
     */
    async function replaceWith(label: string, load: () => Promise<void>) {
      set({ loading: label });
      try {
        await load();
        await runBaseline();
        await runPlan();
      } catch (e) {
        notify('error', `Could not open ${label}: ${message(e)}`);
      } finally {
        set({ loading: null });
      }
    }

    function switchData(files: NamedBytes[]) {
      return replaceWith(files.map((f) => f.name).join(' + '), async () => {
        const { dataset, dataFit } = await api().loadDataFiles(copies(files));
        const model = get().model;
        set({
          dataset,
          dataSource: { kind: 'files', files },
          baseline: null,
          baselineQuick: null,
          quick: null,
          full: null,
          model: model && dataFit ? { ...model, dataFit } : model,
        });
        notify('info', `Evaluating on ${dataset.name} (${dataset.n} images).`);
      });
    }

    function switchModel(source: ModelSource, label: string) {
      return replaceWith(label, async () => {
        await loadModel(source);
        set({
          plan: EMPTY_PLAN,
          past: [],
          allLayers: { skip: [], limits: {} },
          runs: [],
          activeRun: null,
          proposal: null,
          proposalMeasured: null,
          run: null,
          han: null,
        });
      });
    }
  });
  return store;
}

/** Buffers are copied before they go to the worker, so a restart can send them again. */
function copies(files: NamedBytes[]) {
  return files.map((f) => ({ name: f.name, bytes: f.bytes.slice(0) }));
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

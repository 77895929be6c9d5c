// Pruning schedules and fine-tuning in the worker (and Han's experiment): the fine-tuned weights
// become the new dense model.
import { FINE_TUNE_DEFAULTS } from '../core/schedule/fine-tune-defaults';
import type { HanReport, RunEvent, Schedule, TrainSettings } from '../core/lab/types';
import {
  exportDistillerYaml,
  importDistillerYaml,
  thinsDuringRun,
  type ImportOptions,
} from '../core/schedule/distiller-yaml';
import { jobToken } from './job-token';
import { liActions, type LiActions, type LiRun } from './li-run';
import { isRunActive } from './selectors';
import { noPlan } from './plan-slice';
import { noDenseFigures } from './results-slice';
import { i18n } from '../i18n/i18n';
import { message, requireWorker, type LabSlice } from './store-context';
import type { TrainingRun } from './types';
import type { WeightSnapshot } from '../core/training/checkpoint';

export interface TrainingState {
  /** the schedule being edited (the preview is derived from it) */
  schedule: Schedule;
  scheduleEpochs: number;
  train: TrainSettings;
  run: TrainingRun | null;
  han: HanReport | null;
  /** the weights of this run's checkpoints by step, as the worker sent them (a restarted worker gets one back) */
  checkpointWeights: Record<number, WeightSnapshot>;
  /** the fine-tuned weights the model holds beyond its files (null: the files' own); restored into a new worker */
  adoptedWeights: WeightSnapshot | null;
  /** Li et al. 2017's experiment (its phases, partial figures and report) */
  li: LiRun | null;
}

export interface TrainingSlice extends TrainingState, LiActions {
  setSchedule(schedule: Schedule, epochs?: number): void;
  setTrain(patch: Partial<TrainSettings>): void;
  /** imports a Distiller YAML schedule (errors name the line) */
  /** skipUnsupported: what a run cannot apply is listed as ignored instead of refused. */
  importScheduleYaml(name: string, text: string, opts?: ImportOptions): void;
  exportScheduleYaml(): string | null;
  startScheduleRun(): Promise<void>;
  startHanExperiment(): Promise<void>;
  pauseRun(): void;
  resumeRun(): void;
  cancelRun(): void;
  restoreCheckpoint(step: number): Promise<void>;
}

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

/** The runs on the loaded model. */
export const noTrainingRuns = {
  run: null,
  han: null,
  li: null,
  checkpointWeights: {},
  adoptedWeights: null,
} satisfies Partial<TrainingState>;

export const initialTraining: TrainingState = {
  schedule: DEFAULT_SCHEDULE,
  scheduleEpochs: 8,
  train: FINE_TUNE_DEFAULTS,
  ...noTrainingRuns,
};

/** New weights in the same model (a fine-tuned run, a checkpoint): the plan starts empty on top of them. */
const forNewWeights = { ...noPlan, ...noDenseFigures };

export const createTrainingSlice: LabSlice<TrainingSlice> = (ctx) => (set, get) => {
  const trainJob = jobToken(ctx.nextJobId);
  const api = () => requireWorker(ctx).api;

  const patchRun = (patch: Partial<TrainingRun> | ((r: TrainingRun) => Partial<TrainingRun>)) =>
    set((s) => (s.run ? { run: { ...s.run, ...(typeof patch === 'function' ? patch(s.run) : patch) } } : {}));

  /** Checkpoints after a thinning hold the thinned shapes, which the model's files cannot take back. */
  function keepCheckpoint(step: number, weights: WeightSnapshot) {
    if (get().run?.timeline.some((e) => e.kind === 'thin')) return;
    set((s) => ({ checkpointWeights: { ...s.checkpointWeights, [step]: weights } }));
  }

  function adoptStep(step: number | null) {
    const weights = step === null ? undefined : get().checkpointWeights[step];
    if (weights) set({ adoptedWeights: weights });
  }

  /** Runs a schedule (or Han's experiment) in the worker; the fine-tuned result becomes the new dense model. */
  async function startTraining(kind: TrainingRun['kind']) {
    if (!ctx.worker || !get().model || isRunActive(get().run)) return;
    const jobId = trainJob.start();
    const run: TrainingRun = {
      kind,
      status: 'running',
      timeline: [],
      batch: null,
      statusText: null,
      checkpoints: [],
      adoptedStep: null,
    };
    set({ run, han: kind === 'han' ? null : get().han, checkpointWeights: {} });
    const onEvent = ctx.deps.callback((e: RunEvent) => {
      if (!trainJob.isCurrent(jobId)) return;
      if (e.type === 'timeline') patchRun((r) => ({ timeline: [...r.timeline, e.event], statusText: null }));
      else if (e.type === 'batch') patchRun({ batch: e.progress });
      else if (e.type === 'checkpoint') keepCheckpoint(e.step, e.weights);
      else patchRun({ statusText: e.text });
    });
    const what = i18n.t(kind === 'han' ? 'schedule.notice.han' : 'schedule.notice.schedule');
    try {
      if (kind === 'schedule') {
        const { schedule, scheduleEpochs, train } = get();
        const outcome = await api().runSchedule({ schedule, epochs: scheduleEpochs, train }, jobId, onEvent);
        if (outcome.status === 'refused') {
          patchRun({ status: 'failed', batch: null });
          get().notify('error', i18n.t('schedule.notice.refused', { what, detail: outcome.reason }));
          return;
        }
        const report = outcome.status === 'done' ? outcome.result : outcome.partial;
        // a thinning extension replaced the model with a smaller one, which its files cannot rebuild
        if (report.thinnedModel) set({ model: report.thinnedModel, adoptedWeights: null });
        else adoptStep(report.adoptedStep);
        patchRun({
          status: outcome.status === 'done' ? 'done' : 'cancelled',
          checkpoints: report.checkpoints,
          adoptedStep: report.adoptedStep,
          batch: null,
        });
        // a run without fine-tuning: the page's plan is the one that makes the run's masks
        if (report.plan) {
          set({ ...forNewWeights, plan: report.plan });
          await get().evaluateAll();
          return;
        }
      } else {
        const outcome = await api().runHan(jobId, onEvent);
        if (outcome.status === 'refused') {
          patchRun({ status: 'failed', batch: null });
          get().notify('error', i18n.t('schedule.notice.refused', { what, detail: outcome.reason }));
          return;
        }
        patchRun({ status: outcome.status === 'done' ? 'done' : 'cancelled', batch: null });
        if (outcome.status === 'done') set({ han: outcome.result });
      }
      set(forNewWeights);
      await get().evaluateAll();
    } catch (e) {
      patchRun({ status: 'failed', batch: null });
      get().notify('error', i18n.t('schedule.notice.failed', { what, detail: message(e) }));
    } finally {
      if (trainJob.isCurrent(jobId)) trainJob.clear();
    }
  }

  return {
    ...initialTraining,

    setSchedule(schedule, epochs) {
      set({ schedule, scheduleEpochs: epochs ?? schedule.epochs ?? get().scheduleEpochs });
    },
    setTrain(patch) {
      set((s) => ({ train: { ...s.train, ...patch } }));
    },
    importScheduleYaml(name, text, opts = {}) {
      const model = get().model;
      const tensors = model?.tensors.map((t) => t.name) ?? [];
      try {
        const thinning = thinsDuringRun(model?.format ?? 'tfjs-layers');
        const { schedule, ignored } = importDistillerYaml(text, tensors, name, { thinning, ...opts });
        set({ schedule, scheduleEpochs: schedule.epochs ?? get().scheduleEpochs });
        const note = ignored.length ? i18n.t('schedule.notice.ignored', { names: ignored.join(', ') }) : '';
        get().notify('info', i18n.t('schedule.notice.imported', { n: schedule.rules.length, name, note }));
      } catch (e) {
        get().notify('error', i18n.t('schedule.notice.importFailed', { name, detail: message(e) }));
      }
    },
    exportScheduleYaml() {
      try {
        return exportDistillerYaml(get().schedule, { modelTensors: get().model?.tensors.map((t) => t.name) });
      } catch (e) {
        get().notify('error', i18n.t('schedule.notice.exportFailed', { detail: message(e) }));
        return null;
      }
    },
    startScheduleRun: () => startTraining('schedule'),
    startHanExperiment: () => startTraining('han'),
    ...liActions(ctx, set, get),
    pauseRun() {
      const run = get().run;
      if (!ctx.worker || run?.status !== 'running') return;
      void ctx.worker.api.pauseRun();
      set({ run: { ...run, status: 'paused' } });
    },
    resumeRun() {
      const run = get().run;
      if (!ctx.worker || run?.status !== 'paused') return;
      void ctx.worker.api.resumeRun();
      set({ run: { ...run, status: 'running' } });
    },
    cancelRun() {
      if (!ctx.worker || !trainJob.current()) return;
      void ctx.worker.api.resumeRun();
      void ctx.worker.api.cancel(trainJob.current());
    },
    async restoreCheckpoint(step) {
      const run = get().run;
      if (!ctx.worker || !run) return;
      const weights = get().checkpointWeights[step];
      try {
        // a restarted worker has no checkpoints of its own: the page sends the weights it kept
        await Promise.resolve(api().restoreCheckpoint(step)).catch((e: unknown) => {
          if (!weights) throw e;
          return api().adoptWeights(weights);
        });
        set({ ...forNewWeights, run: { ...run, adoptedStep: step }, adoptedWeights: weights ?? get().adoptedWeights });
        await get().evaluateAll();
        get().notify('info', i18n.t('schedule.notice.restored', { step }));
      } catch (e) {
        get().notify('error', message(e));
      }
    },
  };
};

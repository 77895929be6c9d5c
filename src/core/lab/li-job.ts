// Li et al. 2017 as a lab job, composed of the lab's own jobs: the dense figure, the filter
// sensitivity sweep, the plan that prunes the chosen ratios of filters by L1, thinning (checked
// against the masked model, then held by the lab), and fine-tuning of the thinned model. Each phase
// is announced; a cancel returns what the finished phases measured, and the lab keeps the model as
// far as it got (dense, pruned, thinned, or thinned with the fine-tuning epochs that finished).
import type * as tf from '@tensorflow/tfjs';
import { CancelledError } from '../eval/evaluate';
import { retrainingLoss, type RetrainingLoss } from '../schedule/retraining-loss';
import {
  checkLiSettings,
  LI_DEFAULTS,
  LiExperimentError,
  liPlan,
  liRatios,
  liReport,
  type LiRatio,
  type LiReport,
  type LiSettings,
} from '../schedule/li-settings';
import type { Metrics } from '../types';
import type { LabService } from './lab-service';
import { LabRefusal, outcomeOf, type JobOutcome } from './outcome';
import type { ModelInfo, SensitivityRow, ThinReport } from './types';

export type LiPhase = 'dense' | 'sweep' | 'prune' | 'thin' | 'fine-tune';
export const LI_PHASES: readonly LiPhase[] = ['dense', 'sweep', 'prune', 'thin', 'fine-tune'];

/** What the finished phases measured (all of it once the job is done). */
export interface LiPartial {
  /** the phase running (or the last one started) */
  phase: LiPhase | null;
  denseTop1: number | null;
  rows: SensitivityRow[];
  ratios: LiRatio[] | null;
  prunedTop1: number | null;
  thin: Omit<ThinReport, 'files'> | null;
  fineTuneEpochs: Metrics[];
  /** the thinned model the lab holds once the thin phase finished */
  thinnedModel: ModelInfo | null;
  /** the fine-tuning loss, chosen before pruning (null: no fine-tuning) */
  retraining: RetrainingLoss | null;
}

export type LiEvent =
  | { type: 'phase'; phase: LiPhase }
  | { type: 'progress'; phase: LiPhase; done: number; total: number }
  | { type: 'partial'; partial: LiPartial }
  | { type: 'note'; text: string };

export interface LiResult {
  report: LiReport;
  /** the filter sensitivity sweep the ratios were read from */
  rows: SensitivityRow[];
  /** the thinned, fine-tuned model the lab now holds */
  model: ModelInfo;
}

export function emptyLiPartial(): LiPartial {
  return {
    phase: null,
    denseTop1: null,
    rows: [],
    ratios: null,
    prunedTop1: null,
    thin: null,
    fineTuneEpochs: [],
    thinnedModel: null,
    retraining: null,
  };
}

/** The outcome's result, or the cancel that stops the experiment (a refusal keeps its reason). */
function finished<T>(outcome: JobOutcome<T, unknown>, what: string): T {
  if (outcome.status === 'done') return outcome.result;
  if (outcome.status === 'cancelled') throw new CancelledError();
  throw new LabRefusal(`${what}: ${outcome.reason}`);
}

export async function liJob(
  lab: LabService,
  request: Partial<LiSettings>,
  signal: AbortSignal,
  onEvent: (e: LiEvent) => void,
): Promise<JobOutcome<LiResult, LiPartial>> {
  const partial = emptyLiPartial();
  const phase = (p: LiPhase) => {
    partial.phase = p;
    onEvent({ type: 'phase', phase: p });
  };
  const publish = () => onEvent({ type: 'partial', partial: { ...partial, rows: [...partial.rows] } });
  let teacher: tf.Tensor | undefined;
  return outcomeOf(
    async () => {
      try {
        return await run();
      } finally {
        teacher?.dispose();
      }
    },
    () => partial,
  );

  async function run(): Promise<LiResult> {
    const settings: LiSettings = { ...LI_DEFAULTS, ...request };
    try {
      checkLiSettings(settings);
    } catch (e) {
      if (e instanceof LiExperimentError) throw new LabRefusal(e.message);
      throw e;
    }
    const { engine } = lab.current();
    if (!engine.capabilities.canThin || !engine.capabilities.canTrain || !engine.layersModel)
      throw new LabRefusal('the Li et al. experiment needs a TF.js layers model that can be thinned and trained');
    const data = lab.labelled();
    if (!data) throw new LabRefusal(`the Li et al. experiment needs labelled data: ${lab.dataFitReason()}`);
    const tensors = lab.sweepableTensors('filter');
    if (tensors.length === 0) throw new LabRefusal('this model has no conv layer whose filters can be removed');
    // the dense model's conv kernels (the lab holds the thinned model after the thin phase)
    const convs = new Map(lab.current().info.tensors.map((t) => [t.name, t]));

    phase('dense');
    const dense = finished(await lab.baseline(signal), 'the dense figure');
    if (!dense) throw new LabRefusal('no evaluation data fits this model');
    partial.denseTop1 = dense.full.metrics.top1;
    if (settings.epochs > 0) {
      // as the papers on a full training set, distillation from the dense model on the shipped subset:
      // its logits on the training images used, taken once before any pruning
      const total = (await lab.trainTensors()).x.shape[0];
      const used = settings.trainImages ? Math.min(settings.trainImages, total) : total;
      partial.retraining = retrainingLoss(used, settings.distill);
      if (partial.retraining.distill) teacher = await lab.trainingLogits(used);
    }
    publish();

    phase('sweep');
    const sweep = await lab.sweep(
      {
        tensors,
        group: 'filter',
        levels: [0, ...settings.levels],
        subset: null,
        minTop1: null,
        mode: 'labels',
        filterSemantics: 'remove',
      },
      signal,
      (e) => {
        if (e.type === 'row') partial.rows.push(e.row);
        else if (e.type === 'progress') onEvent({ type: 'progress', phase: 'sweep', done: e.done, total: e.total });
        else onEvent({ type: 'note', text: e.text });
      },
    );
    finished(sweep, 'the filter sensitivity sweep');
    const denseRows = partial.rows.filter((r) => r.sparsity === 0);
    const sweepBaseline = denseRows.reduce((a, r) => a + r.top1, 0) / Math.max(1, denseRows.length);
    const ratios = liRatios(partial.rows, sweepBaseline, settings.budget);
    partial.ratios = ratios;
    publish();
    if (ratios.every((r) => r.ratio === 0))
      throw new LabRefusal(
        `no conv layer stays within ${settings.budget} points at the smallest ratio swept; raise the budget`,
      );

    phase('prune');
    const pruned = finished(await lab.applyPlan(liPlan(ratios), signal), 'pruning the filters');
    partial.prunedTop1 = pruned.full?.metrics.top1 ?? null;
    publish();

    phase('thin');
    const { files: _files, ...thin } = finished(
      await lab.thin({ from: 'masks', latencyRuns: settings.latencyRuns, latencyWarmup: 2, adopt: true }, signal),
      'thinning',
    );
    partial.thin = thin;
    partial.thinnedModel = lab.current().info;
    publish();

    phase('fine-tune');
    if (settings.epochs > 0) {
      const run = await lab.runSchedule(
        {
          schedule: { rules: [] },
          epochs: settings.epochs,
          train: {
            optimizer: settings.optimizer,
            lr: settings.lr,
            momentum: 0.9,
            batchSize: settings.batchSize,
            weightDecay: 0,
          },
          seed: settings.seed,
          checkpoints: 'all',
          ...(settings.trainImages ? { trainImages: settings.trainImages } : {}),
        },
        signal,
        (e) => {
          if (e.type === 'timeline' && e.event.kind === 'epoch') {
            partial.fineTuneEpochs.push(e.event.metrics);
            publish();
          } else if (e.type === 'batch')
            onEvent({ type: 'progress', phase: 'fine-tune', done: e.progress.batch, total: e.progress.batches });
        },
        teacher && partial.retraining?.distill ? { teacherLogits: teacher, ...partial.retraining.distill } : undefined,
      );
      finished(run, 'fine-tuning');
    }
    const last = partial.fineTuneEpochs[partial.fineTuneEpochs.length - 1];
    const prunedTop1 = partial.prunedTop1 ?? NaN;
    const filters: LiReport['filters'] = {};
    for (const r of ratios) {
      const t = convs.get(r.parameter);
      if (t) filters[r.parameter] = { before: t.shape[t.axes.out], removed: thin.removed[t.layerName] ?? 0 };
    }
    const report = liReport({
      settings,
      evaluatedOn: data.n,
      ratios,
      filters,
      top1: { dense: dense.full.metrics.top1, pruned: prunedTop1, fineTuned: last ? last.top1 : prunedTop1 },
      params: { dense: thin.paramsBefore, thinned: thin.paramsAfter },
      macs: { dense: thin.macsBefore, thinned: thin.macsAfter },
      latency: {
        batch: thin.latency.thinned.batch,
        denseMs: thin.latency.masked.medianMs,
        thinnedMs: thin.latency.thinned.medianMs,
      },
      maxDiff: thin.maxDiff,
      fineTuneEpochs: partial.fineTuneEpochs,
      retraining: partial.retraining,
    });
    return { report, rows: partial.rows, model: lab.current().info };
  }
}

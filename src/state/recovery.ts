// What a worker restart interrupted, read from the store before the new worker starts: every job
// stops where its last finished piece left it (a sweep keeps its rows, a schedule run its last
// checkpoint, a thinning goes back to the masked model) and one line per job says what was lost.
import { i18n } from '../i18n/i18n';
import type { CheckpointInfo, SensitivityRow } from '../core/lab/types';
import { noPlan } from './plan-slice';
import { noDenseFigures } from './results-slice';
import { isRunActive } from './selectors';
import type { InspectJob, LabState, SensitivityRun, TrainingRun } from './types';

export interface Interruption {
  /** the store as the restarted worker should find it */
  patch: Partial<LabState>;
  /** one notice per interrupted job */
  lost: string[];
}

export function interruptedWork(s: LabState): Interruption {
  const lost: string[] = [];
  const patch: Partial<LabState> = { sweepProgress: null };
  if (s.runs.some((r) => r.status === 'running')) {
    patch.runs = s.runs.map((r) => {
      if (r.status !== 'running') return r;
      lost.push(sweepLine(r));
      return { ...r, status: 'cancelled', notes: [...r.notes, i18n.t('recovery.sweepNote')] };
    });
  }
  if (isRunActive(s.run)) Object.assign(patch, runStopped(s, s.run!, lost));
  if (s.inspectJob) {
    lost.push(i18n.t(INSPECT_LOST[s.inspectJob]));
    patch.inspectJob = null;
  }
  return { patch, lost };
}

const INSPECT_LOST = {
  thin: 'recovery.thinLost',
  latency: 'recovery.latencyLost',
  export: 'recovery.exportLost',
} as const satisfies Record<InspectJob, string>;

/** The first cell of the sweep's order (tensor by tensor, level by level) with no row yet. */
export function unfinishedCell(run: SensitivityRun): { tensor: string; level: number } | null {
  if (!run.request) return null;
  const done = new Set(run.rows.map((r: SensitivityRow) => `${r.parameter}\u0000${r.sparsity}`));
  for (const tensor of run.request.tensors)
    for (const level of run.request.levels) if (!done.has(`${tensor}\u0000${level}`)) return { tensor, level };
  return null;
}

function sweepLine(run: SensitivityRun): string {
  const cell = unfinishedCell(run);
  const rows = run.rows.length;
  if (!cell) return i18n.t('recovery.sweepLostNone', { label: run.label, rows });
  const where = i18n.t('recovery.cell', { tensor: cell.tensor, level: cell.level.toFixed(2) });
  return i18n.t('recovery.sweepLost', { label: run.label, rows, cell: where });
}

/** A schedule run goes back to its last checkpoint the page holds; Han's experiment to its starting weights. */
function runStopped(s: LabState, run: TrainingRun, lost: string[]): Partial<LabState> {
  const stopped: TrainingRun = { ...run, status: 'cancelled', batch: null, statusText: null };
  if (run.kind === 'han') {
    lost.push(i18n.t('recovery.hanLost'));
    return { run: stopped };
  }
  const steps = Object.keys(s.checkpointWeights).map(Number);
  if (!steps.length) {
    lost.push(i18n.t('recovery.runLostAll'));
    return { run: stopped };
  }
  const step = Math.max(...steps);
  const checkpoints = run.timeline
    .filter((e) => e.step in s.checkpointWeights)
    .map((e): CheckpointInfo => ({
      step: e.step,
      epoch: e.epoch,
      kind: e.kind,
      top1: e.metrics.top1,
      sparsity: e.totalSparsity,
    }));
  const checkpointEpoch = run.timeline.find((e) => e.step === step)?.epoch ?? 0;
  const b = run.batch;
  lost.push(
    b
      ? i18n.t('recovery.runLost', { epoch: b.epoch, batch: b.batch, batches: b.batches, step, checkpointEpoch })
      : i18n.t('recovery.runLostEpoch', { step, checkpointEpoch }),
  );
  // the checkpoint's fine-tuned weights become the dense model, as when a run ends: the plan starts empty on them
  return {
    ...noPlan,
    ...noDenseFigures,
    run: { ...stopped, checkpoints, adoptedStep: step },
    adoptedWeights: s.checkpointWeights[step],
  };
}

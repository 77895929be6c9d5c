// Module-level selectors: components subscribe to the smallest slice they need.
import { methodOf } from '../core/plan/plan';
import type { PrunableTensor } from '../core/types';
import type { LabState, TrainingRun } from './types';

const NO_TENSORS: PrunableTensor[] = [];
export const selectTensors = (s: LabState): PrunableTensor[] => s.model?.tensors ?? NO_TENSORS;
export const selectModel = (s: LabState) => s.model;
export const selectPlan = (s: LabState) => s.plan;
export const selectRuntime = (s: LabState) => s.runtime;
export const selectNotices = (s: LabState) => s.notices;
export const selectCanUndo = (s: LabState) => s.past.length > 0;
export const selectIsPruned = (s: LabState) => Object.keys(s.plan.tensors).length > 0;

export function selectTensorSparsity(name: string) {
  return (s: LabState) => s.sparsity?.perTensor.find((t) => t.name === name) ?? null;
}

export function selectMethod(name: string) {
  return (s: LabState) => methodOf(s.plan, name);
}

/** The newest figure for the current plan: the full one when it has arrived, else the quick estimate. */
export function selectCurrentFigure(s: LabState) {
  return s.full ?? s.quick;
}

/** The dense figure to compare the current one with: on the same quick subset, or on the full set. */
export function selectDenseReference(s: LabState) {
  const current = selectCurrentFigure(s);
  return current?.phase === 'quick' ? s.baselineQuick : s.baseline;
}

export function selectDataNote(s: LabState): string | null {
  const fit = s.model?.dataFit;
  if (!s.model) return null;
  if (fit && !fit.fits && s.baseline?.metrics.measure === 'agreement')
    return `No labels fit this model (${fit.reason}): figures are top-1 agreement and KL against the dense model`;
  if (fit && !fit.fits) return `No labelled data fits this model yet: ${fit.reason}`;
  return null;
}

export const selectSparsity = (s: LabState) => s.sparsity;
export const selectHasModel = (s: LabState) => s.model !== null;
export const selectModelName = (s: LabState) => s.model?.name ?? '';
/** the number of evaluation images, when data is loaded */
export const selectDatasetSize = (s: LabState) => s.dataset?.n;

/** A training run holds the worker's weights while it runs or is paused. */
export const isRunActive = (run: TrainingRun | null) => run?.status === 'running' || run?.status === 'paused';
export const selectTrainingActive = (s: LabState) => isRunActive(s.run);

/** Rows for the density chart (derive with useMemo): dense = 100%, pruned = the tensor's density now. */
export function densityRows(tensors: PrunableTensor[], sparsity: LabState['sparsity']) {
  return tensors.map((t) => {
    const sp = sparsity?.perTensor.find((p) => p.name === t.name);
    return { name: t.name, dense: 100, pruned: sp ? 100 * (1 - sp.sparsity) : 100 };
  });
}

// What a change makes stale, composed from the slices' own groups of initial state.
import { initialPlanState, noPlan } from './plan-slice';
import { noDenseFigures, noFigures, noPlanFigures } from './results-slice';
import { noInspectViews } from './inspect-slice';
import { noAnalyses } from './sensitivity-slice';
import { noTrainingRuns } from './training-slice';

/** New weights in the worker: no figure or view of the old ones holds. */
export const forNewModelWeights = { ...noFigures, ...noInspectViews };

/** Another dataset: the accuracy figures change, the sparsity does not. */
export const forNewData = { ...noDenseFigures, ...noPlanFigures };

/** Another model: its plan, analyses and runs start afresh (the ranking settings stay). */
export const forNewModel = { ...noPlan, allLayers: initialPlanState.allLayers, ...noAnalyses, ...noTrainingRuns };

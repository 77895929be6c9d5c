// The lab's store, composed of slices that each own their state. The plan says what the user asked;
// results stream in from the worker, which the store reaches through `StoreDeps.startWorker`, so it is
// testable without one.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createStoreContext, type StoreDeps } from './store-context';
import { createRuntimeSlice } from './runtime-slice';
import { createModelDataSlice } from './model-data-slice';
import { createPlanSlice } from './plan-slice';
import { createResultsSlice } from './results-slice';
import { createInspectSlice } from './inspect-slice';
import { createSensitivitySlice } from './sensitivity-slice';
import { createTrainingSlice } from './training-slice';
import { createUiSlice } from './ui-slice';
import { createLayerViewSlice } from './layer-view-slice';
import { createReportSlice } from './report-slice';
import type { LabState } from './types';

export type { StoreDeps };

export function createLabStore(deps: StoreDeps): StoreApi<LabState> {
  const ctx = createStoreContext(deps);
  return createStore<LabState>()((...a) => ({
    ...createRuntimeSlice(ctx)(...a),
    ...createModelDataSlice(ctx)(...a),
    ...createPlanSlice(ctx)(...a),
    ...createResultsSlice(ctx)(...a),
    ...createInspectSlice(ctx)(...a),
    ...createSensitivitySlice(ctx)(...a),
    ...createTrainingSlice(ctx)(...a),
    ...createUiSlice(ctx)(...a),
    ...createLayerViewSlice(ctx)(...a),
    ...createReportSlice(ctx)(...a),
  }));
}

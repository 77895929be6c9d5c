import { describe, expect, it } from 'vitest';
import { createStoreContext } from './store-context';
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
import { fakeWorker, setup } from './fake-lab-worker';
import type { LabState } from './types';

const SLICES = {
  runtime: createRuntimeSlice,
  modelData: createModelDataSlice,
  plan: createPlanSlice,
  results: createResultsSlice,
  inspect: createInspectSlice,
  sensitivity: createSensitivitySlice,
  training: createTrainingSlice,
  ui: createUiSlice,
  layerView: createLayerViewSlice,
  report: createReportSlice,
};

describe('lab store', () => {
  it('no two slices own the same key, and the store holds every key of every slice', () => {
    const ctx = createStoreContext({ startWorker: fakeWorker().startWorker, callback: (f) => f, baseUrl: '' });
    const noop = () => undefined;
    const owners = new Map<string, string>();
    for (const [name, create] of Object.entries(SLICES)) {
      const slice = create(ctx)(noop, () => ({}) as LabState, {} as never);
      for (const key of Object.keys(slice)) {
        expect(owners.get(key), `${key} in ${name}`).toBeUndefined();
        owners.set(key, name);
      }
    }
    expect(Object.keys(setup().store.getState()).sort()).toEqual([...owners.keys()].sort());
  });

  it('job ids are unique across slices: the worker cancels and supersedes by id', () => {
    const ctx = createStoreContext({ startWorker: fakeWorker().startWorker, callback: (f) => f, baseUrl: '' });
    const ids = Array.from({ length: 5 }, () => ctx.nextJobId());
    expect(new Set(ids).size).toBe(5);
  });
});

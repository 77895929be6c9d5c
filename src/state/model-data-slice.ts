// The loaded model and the evaluation data: opening either, and putting both into a fresh worker.
import type { InputScaling, NamedBytes } from '../core/types';
import type { DatasetInfo, ModelInfo } from '../core/lab/types';
import { classifyDrop } from '../core/data/dropped-files';
import { copies, message, requireWorker, type LabSlice } from './store-context';
import { forNewData, forNewModel, forNewModelWeights } from './resets';
import type { DataSource, DemoId, ModelSource } from './types';

export interface ModelDataState {
  model: ModelInfo | null;
  modelSource: ModelSource | null;
  /** the name of the model or dataset being opened */
  opening: string | null;
  dataset: DatasetInfo | null;
  dataSource: DataSource;
  scaling: InputScaling;
  /** evaluate on the first N test images; null = all */
  evalLimit: number | null;
}

export interface ModelDataSlice extends ModelDataState {
  selectDemo(id: DemoId): Promise<void>;
  /** dropped or picked files: a TF.js model (model.json + shards) or an idx dataset (images + labels) */
  openFiles(files: NamedBytes[]): Promise<void>;
  setScaling(scaling: InputScaling): Promise<void>;
  setEvalLimit(limit: number | null): Promise<void>;
  /** loads data, settings and model into a fresh worker and replays the plan (boot, recovery, new backend) */
  restoreSession(): Promise<void>;
}

export const initialModelData: ModelDataState = {
  model: null,
  modelSource: null,
  opening: null,
  dataset: null,
  dataSource: { kind: 'demo' },
  scaling: { kind: 'unit' },
  evalLimit: null,
};

export const createModelDataSlice: LabSlice<ModelDataSlice> = (ctx) => (set, get) => {
  const api = () => requireWorker(ctx).api;

  async function loadModel(modelSource: ModelSource) {
    const model =
      modelSource.kind === 'demo'
        ? await api().loadDemoModel(ctx.deps.baseUrl, modelSource.id)
        : await api().loadModelFiles(copies(modelSource.files));
    set({ model, modelSource, ...forNewModelWeights });
  }

  async function loadData(dataSource: DataSource) {
    if (dataSource.kind === 'demo') return api().loadDemoData(ctx.deps.baseUrl);
    const { dataset } = await api().loadDataFiles(copies(dataSource.files));
    return dataset;
  }

  /**
   * Opens something new (a model or a dataset): `load` does the work and updates the store only
   * when it succeeds, so a failure leaves what the user had. Then the figures are recomputed.
   */
  async function replaceWith(label: string, load: () => Promise<void>) {
    set({ opening: label });
    try {
      await load();
      await get().evaluateAll();
    } catch (e) {
      get().notify('error', `Could not open ${label}: ${message(e)}`);
    } finally {
      set({ opening: null });
    }
  }

  function switchData(files: NamedBytes[]) {
    return replaceWith(files.map((f) => f.name).join(' + '), async () => {
      const { dataset, dataFit } = await api().loadDataFiles(copies(files));
      const model = get().model;
      set({
        ...forNewData,
        dataset,
        dataSource: { kind: 'files', files },
        model: model && dataFit ? { ...model, dataFit } : model,
      });
      get().notify('info', `Evaluating on ${dataset.name} (${dataset.n} images).`);
    });
  }

  function switchModel(modelSource: ModelSource, label: string) {
    return replaceWith(label, async () => {
      await loadModel(modelSource);
      set(forNewModel);
    });
  }

  async function reevaluate() {
    if (!ctx.worker) return;
    const { scaling, evalLimit } = get();
    await api().setEvalSettings({ scaling, limit: evalLimit });
    try {
      await get().evaluateAll();
    } catch (e) {
      get().notify('error', message(e));
    }
  }

  return {
    ...initialModelData,

    async selectDemo(id) {
      await switchModel({ kind: 'demo', id }, id);
    },
    async openFiles(files) {
      const kind = classifyDrop(files.map((f) => f.name));
      if (kind.kind === 'unknown') {
        get().notify('error', `Nothing was opened: ${kind.reason}.`);
        return;
      }
      if (kind.kind === 'data') {
        await switchData(files);
        return;
      }
      const name = files.find((f) => /\.(json|onnx|h5|keras)$/i.test(f.name))!.name;
      await switchModel({ kind: 'files', name, files }, name);
    },
    async setScaling(scaling) {
      set({ scaling });
      await reevaluate();
    },
    async setEvalLimit(evalLimit) {
      set({ evalLimit });
      await reevaluate();
    },
    async restoreSession() {
      const { modelSource, scaling, evalLimit, dataSource } = get();
      set({ dataset: await loadData(dataSource) });
      await api().setEvalSettings({ scaling, limit: evalLimit });
      if (modelSource) await loadModel(modelSource);
      await get().evaluateAll();
    },
  };
};

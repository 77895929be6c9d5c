// The loaded model and the evaluation data: opening either, and putting both into a fresh worker.
import type { InputMapping } from '../core/data/input-mapping';
import type { InputScaling, NamedBytes } from '../core/types';
import type { DatasetInfo, ModelInfo, TrainingSetInfo } from '../core/lab/types';
import type { SampleView } from '../core/lab/data-samples';
import { classifyDrop, isTrainingIdxPair } from '../core/data/dropped-files';
import { i18n } from '../i18n/i18n';
import { isCancelled } from '../worker/job-queue';
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
  /** the input mapping the user chose (part of the session); null = the data as it is */
  mapping: InputMapping | null;
  /** decoding progress of a dataset being opened */
  dataProgress: { done: number; total: number } | null;
  /** the worker job decoding a dataset being opened (0: none) */
  dataJob: number;
  /** a few examples with label and prediction through the mapping in force (null: not fetched) */
  samples: SampleView[] | null;
  /** the training set the user dropped for fine-tuning (null: the shipped 10k subset) */
  trainingSet: (TrainingSetInfo & { files: NamedBytes[] }) | null;
}

export interface ModelDataSlice extends ModelDataState {
  selectDemo(id: DemoId): Promise<void>;
  /** dropped or picked files: a TF.js model (model.json + shards) or an idx dataset (images + labels) */
  openFiles(files: NamedBytes[]): Promise<void>;
  setScaling(scaling: InputScaling): Promise<void>;
  setEvalLimit(limit: number | null): Promise<void>;
  /** fetches the sample grid from the worker (after a change of model, data or mapping) */
  loadSamples(count?: number): Promise<void>;
  /** stops decoding the dataset being opened; the data loaded before stays */
  cancelDataLoad(): void;
  /** a new input mapping (null: back to the data as it is); the figures are recomputed */
  setMapping(mapping: InputMapping | null): Promise<void>;
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
  mapping: null,
  dataProgress: null,
  dataJob: 0,
  samples: null,
  trainingSet: null,
};

export const createModelDataSlice: LabSlice<ModelDataSlice> = (ctx) => (set, get) => {
  const api = () => requireWorker(ctx).api;

  const progress = ctx.deps.callback((done: number, total: number) => set({ dataProgress: { done, total } }));

  async function loadModel(modelSource: ModelSource) {
    const model =
      modelSource.kind === 'demo'
        ? await api().loadDemoModel(ctx.deps.baseUrl, modelSource.id)
        : await api().loadModelFiles(copies(modelSource.files));
    set({ model, modelSource, ...forNewModelWeights });
    for (const notice of model.notices ?? []) get().notify('warning', notice);
  }

  async function loadData(dataSource: DataSource) {
    if (dataSource.kind === 'demo') return api().loadDemoData(ctx.deps.baseUrl);
    const { dataset } = await api().loadDataFiles(copies(dataSource.files), progress);
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
      if (isCancelled(e)) get().notify('info', i18n.t('data.notice.cancelled', { name: label }));
      else get().notify('error', i18n.t('data.notice.openFailed', { name: label, detail: message(e) }));
    } finally {
      set({ opening: null });
    }
  }

  /** A mapping belongs to one model and one dataset: either changing drops it, in the worker too. */
  async function clearMapping() {
    if (get().mapping === null) return;
    set({ mapping: null });
    const { scaling, evalLimit } = get();
    await api().setEvalSettings({ scaling, limit: evalLimit, mapping: null });
  }

  function dataLabel(files: NamedBytes[]): string {
    const top = new Set(files.map((f) => f.name.split('/')[0]));
    return top.size === 1 && files.length > 1 ? [...top][0] : files.map((f) => f.name).join(' + ');
  }

  function switchData(files: NamedBytes[]) {
    return replaceWith(dataLabel(files), async () => {
      await clearMapping();
      const dataJob = ctx.nextJobId();
      set({ dataJob, dataProgress: null });
      const { dataset, dataFit, mapping } = await api()
        .loadDataFiles(copies(files), progress, dataJob)
        .finally(() => set({ dataProgress: null, dataJob: 0 }));
      const model = get().model;
      set({
        ...forNewData,
        dataset,
        dataSource: { kind: 'files', files },
        model: model && dataFit ? { ...model, dataFit, mapping } : model,
      });
      get().notify('info', i18n.t('data.notice.evaluatingOn', { name: dataset.name, n: dataset.n }));
      for (const notice of dataset.notices ?? []) get().notify('info', notice);
    });
  }

  /** The training idx pair: fine-tuning trains on it from now on; the test set and the figures stay. */
  async function switchTraining(files: NamedBytes[]) {
    const label = dataLabel(files);
    set({ opening: label });
    try {
      const info = await api().loadTrainFiles(copies(files));
      set({ trainingSet: { ...info, files } });
      get().notify('info', i18n.t('lesson.han.loaded', { name: info.name, n: info.n }));
    } catch (e) {
      get().notify('error', `Could not open ${label}: ${message(e)}`);
    } finally {
      set({ opening: null });
    }
  }

  function switchModel(modelSource: ModelSource, label: string) {
    return replaceWith(label, async () => {
      await clearMapping();
      await loadModel(modelSource);
      set(forNewModel);
    });
  }

  async function reevaluate() {
    if (!ctx.worker) return;
    const { scaling, evalLimit, mapping } = get();
    const status = await api().setEvalSettings({ scaling, limit: evalLimit, mapping });
    const model = get().model;
    if (model && status) set({ model: { ...model, dataFit: status.dataFit, mapping: status.mapping } });
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
        get().notify('error', i18n.t('data.notice.nothingOpened', { detail: kind.reason }));
        return;
      }
      if (kind.kind === 'data' && isTrainingIdxPair(files.map((f) => f.name))) {
        await switchTraining(files);
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
    async loadSamples(count = 16) {
      if (!ctx.worker || !get().model || !get().dataset) return;
      try {
        set({ samples: await api().samples(count) });
      } catch (e) {
        set({ samples: null });
        get().notify('error', i18n.t('data.notice.samplesFailed', { detail: message(e) }));
      }
    },
    cancelDataLoad() {
      const id = get().dataJob;
      if (id && ctx.worker) void api().cancel(id);
    },
    async setMapping(mapping) {
      set({ mapping });
      await reevaluate();
    },
    async restoreSession() {
      const { modelSource, scaling, evalLimit, dataSource, mapping } = get();
      set({ dataset: await loadData(dataSource) });
      const trainingSet = get().trainingSet;
      if (trainingSet) await api().loadTrainFiles(copies(trainingSet.files));
      await api().setEvalSettings({ scaling, limit: evalLimit, mapping });
      if (modelSource) await loadModel(modelSource);
      // fine-tuned weights the files do not hold (a schedule run's step) go back into the new worker
      const weights = get().adoptedWeights;
      if (modelSource && weights) await api().adoptWeights(weights);
      await get().evaluateAll();
    },
  };
};

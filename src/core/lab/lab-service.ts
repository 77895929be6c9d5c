// The lab service: the loaded model (through its engine), its dense weights and masks, the
// evaluation and training data, and the jobs on them. Framework-free: the worker and the CLI are
// thin adapters over it. Long jobs return a JobOutcome value (done, cancelled with what finished,
// or refused with the reason); a failure that is neither stays an error.
import * as tf from '@tensorflow/tfjs';
import { detectInputLayout } from '../engine/input-layout';
import { MaskedModel } from '../engine/masked-model';
import { nonFiniteNotices } from '../engine/non-finite';
import { LayersEngine } from '../engine/tfjs-layers/layers-engine';
import { openModelFiles } from '../engine/open-model';
import { DEFAULT_MEMORY_BUDGET } from '../engine/memory-budget';
import type { InputMapping } from '../data/input-mapping';
import { couplingRowsOf, type ChannelGraph } from '../graph';
import type { PrunePlan, TensorMethod } from '../plan/plan';
import type { WeightHistogram } from '../inspect/weight-histogram';
import { createMaskCache } from '../plan/plan-masks';
import { masksFromZeros } from '../report/masks-json';
import type { NamedBytes } from '../types';
import type { DataLoader, LabelledSet } from './data-loader';
import { dataFeed, type DataFeed } from './data-feed';
import { EVAL_BUDGET_BYTES, ResidentData } from './eval-data';
import * as inspect from './inspect';
import type { LabContext, LoadedModel } from './lab-context';
import { denseReferenceOf } from '../eval/agreement';
import { batchSizeFor, streamedReference } from './streamed-eval';
import { outcomeOf, type JobOutcome } from './outcome';
import { evaluateFigure, planJob } from './plan-job';
import { QUICK_DEFAULT, quickSubsetSize } from './quick-subset';
import { TrainingRuns } from './runs';
import { sampleViews, type SampleView } from './data-samples';
import { liJob, type LiEvent } from './li-job';
import type { LiSettings } from '../schedule/li-settings';
import type { SweepCells } from '../sensitivity/pooled-sweep';
import type { DistillOptions } from '../training/masked-trainer';
import { sweepJob } from './sweep-job';
import { thinJob } from './thin-job';
import { TrainingSet } from './training-set';
import type * as T from './types';
import type { WeightSnapshot } from '../training/checkpoint';

export interface LabServiceOptions {
  /** run the quick estimate before each full figure (default true; the CLI needs only full figures) */
  quickEstimate?: boolean;
}

type Emit<E> = (e: E) => void;
const never = new AbortController().signal;

export class LabService implements LabContext {
  private data: LabelledSet | null = null;
  private loader: DataLoader | null = null;
  /** a training set the user brought (the full 60k Fashion-MNIST, say); null = the loader's */
  private trainingSet: LabelledSet | null = null;
  private readonly training = new TrainingSet();
  private model: LoadedModel | null = null;
  private resident: ResidentData | null = null;
  private feed: DataFeed | null = null;
  private maskCache = createMaskCache();
  private denseFigures: T.DenseFigures | null = null;
  private quickImages = QUICK_DEFAULT;
  private readonly quickEstimate: boolean;
  private readonly runs = new TrainingRuns(this);
  settings: T.EvalSettings = { scaling: { kind: 'unit' }, limit: null };
  /** bytes a model's weights may take as float32; a larger model is refused before loading (undefined: no limit) */
  memoryBudget: number | undefined = DEFAULT_MEMORY_BUDGET;

  constructor(opts: LabServiceOptions = {}) {
    this.quickEstimate = opts.quickEstimate ?? true;
  }

  /** Reads the loader's test set now (its training set when a run needs it); a failure keeps the old data. */
  async loadData(
    loader: DataLoader,
  ): Promise<{ dataset: T.DatasetInfo; dataFit: T.DataFit | null; mapping: InputMapping | null }> {
    const set = await loader.test();
    this.data = set;
    this.loader = loader;
    this.training.forgetImages();
    this.forgetFigures();
    this.refit();
    return { dataset: this.dataset()!, dataFit: this.model?.info.dataFit ?? null, mapping: this.feed?.mapping ?? null };
  }

  /** A labelled training set for fine-tuning (Han's experiment, schedules); the test set stays. */
  loadTrainingSet(set: LabelledSet): T.TrainingSetInfo {
    if (set.images.labelled === false) throw new Error(`${set.name}: a training set needs labels`);
    this.trainingSet = set;
    this.training.forgetImages();
    return { name: set.name, n: set.images.n };
  }

  dataset(): T.DatasetInfo | null {
    if (!this.data) return null;
    const { n, rows, cols, numClasses, channels, labelled, classNames, notices } = this.data.images;
    return {
      name: this.data.name,
      n,
      rows,
      cols,
      numClasses,
      channels: channels ?? 1,
      labelled: labelled !== false,
      float: this.data.images.values !== undefined,
      classNames,
      notices: [...(notices ?? []), ...(this.resident?.cappedFrom ? [this.cappedNotice()] : [])],
    };
  }

  /** Opens a model from its files; only a model that opened completely replaces the current one. */
  async loadModel(
    files: NamedBytes[],
    meta: { name?: string; source: 'demo' | 'files'; card?: T.ModelCard },
  ): Promise<T.ModelInfo> {
    const { engine, name } = await openModelFiles(files, { memoryBudget: this.memoryBudget });
    let masked: MaskedModel;
    try {
      masked = await MaskedModel.create(engine);
    } catch (e) {
      engine.dispose();
      throw e;
    }
    this.disposeModel();
    const info: T.ModelInfo = {
      name: meta.name ?? name,
      source: meta.source,
      format: engine.format,
      tensors: [...engine.tensors],
      layers: engine.layers(),
      params: engine.params,
      inputLayout: engine.inputLayout ?? detectInputLayout(engine.inputShape, 'NHWC'),
      dataFit: { fits: false, reason: 'no labelled data is loaded' },
      outputs: engine.outputs,
      card: meta.card,
      couplings: couplingRowsOf(engine.channelGraph(), engine.tensors),
      inputShape: [...engine.inputShape],
    };
    const notices = nonFiniteNotices(
      engine.tensors.map((t) => t.name),
      (n) => masked.dense(n),
    );
    if (notices.length) info.notices = notices;
    this.model = { engine, masked, info };
    this.refit();
    return info;
  }

  /** New scaling, limit or input mapping; returns how the data now fits the model, and the mapping in force. */
  setEvalSettings(settings: T.EvalSettings): T.DataStatus | null {
    if (JSON.stringify(settings) !== JSON.stringify(this.settings)) {
      this.settings = settings;
      this.forgetFigures();
      this.training.dispose();
      this.refit();
    }
    if (!this.model) return null;
    return { dataFit: this.model.info.dataFit, mapping: this.model.info.mapping ?? null };
  }

  /** The model's channel graph (null when it cannot be analysed). */
  channelGraph(): ChannelGraph | null {
    return this.current().engine.channelGraph();
  }

  /** The dense model's figures on the full set and on the quick subset (cached per model, data and settings). */
  async baseline(
    signal = never,
    onEvent: Emit<T.JobEvent> = () => {},
  ): Promise<JobOutcome<T.DenseFigures | null, null>> {
    return outcomeOf(
      async () => {
        if (this.denseFigures) return this.denseFigures;
        const { masked } = this.current();
        const data = await this.measured(signal);
        if (!data) return null;
        return masked.withDenseWeights(async () => {
          const { engine } = this.current();
          const full = await evaluateFigure(engine, data, 'full', signal, onEvent);
          let quick: T.EvalFigure | null = null;
          if (this.quickEstimate) {
            // the quick subset follows the measured speed; the dense figure on it is taken on the same images
            this.quickImages = quickSubsetSize(full);
            data.resizeQuick(this.quickImages);
            quick = await evaluateFigure(engine, data, 'quick', signal, onEvent);
          }
          this.denseFigures = { full, quick };
          return this.denseFigures;
        });
      },
      () => null,
    );
  }

  /**
   * Applies the plan's masks (dense weights kept) and evaluates: the quick estimate first, then the
   * full figure. A plan the model cannot take is refused before any mask is set.
   */
  async applyPlan(plan: PrunePlan, signal = never, onEvent: Emit<T.JobEvent> = () => {}) {
    const data = await this.measured(signal);
    return planJob(this.current(), data, this.maskCache, plan, {
      quick: this.quickEstimate,
      signal,
      onEvent,
    });
  }

  /** Distiller's sensitivity analysis on the dense model; rows stream, a cancel keeps those finished. */
  sweep(request: T.SweepRequest, signal = never, onEvent: Emit<T.SweepEvent> = () => {}, cells?: SweepCells) {
    return sweepJob(this, request, signal, onEvent, cells);
  }

  /** Tensors a sweep group applies to (all when the group is 'element'). */
  sweepableTensors(group: T.SweepRequest['group'], semantics: T.SweepRequest['filterSemantics'] = 'remove') {
    return inspect.sweepableTensors(this.current(), group, semantics);
  }

  /** A pruning schedule with masked fine-tuning; the result becomes the new dense checkpoint. */
  runSchedule(
    request: T.ScheduleRequest,
    signal = never,
    onEvent: Emit<T.RunEvent> = () => {},
    teacher?: DistillOptions,
  ) {
    return this.runs.schedule(request, signal, onEvent, teacher);
  }

  /** The current model's logits on the first `n` training images (a teacher for distillation); the caller disposes. */
  trainingLogits(n?: number): Promise<tf.Tensor> {
    return this.runs.trainingLogits(n);
  }

  /** Han et al.'s one-shot vs iterative experiment; a cancel gives the points measured and the start weights back. */
  runHan(request: T.HanRequest = {}, signal = never, onEvent: Emit<T.RunEvent> = () => {}) {
    return this.runs.han(request, signal, onEvent);
  }

  /** Li et al. 2017: filter sweep, ratios within a per-layer budget, L1 filter pruning, thinning, fine-tuning. */
  runLi(request: Partial<LiSettings> = {}, signal = never, onEvent: Emit<LiEvent> = () => {}) {
    return liJob(this, request, signal, onEvent);
  }

  pauseRun(): void {
    this.runs.pause();
  }

  resumeRun(): void {
    this.runs.resume();
  }

  /** Makes a kept checkpoint the model's weights (a new dense checkpoint). */
  restoreCheckpoint(step: number): Promise<void> {
    return this.runs.restore(step);
  }

  /** Weights kept outside the lab (a checkpoint) become the model's dense weights. */
  adoptWeights(weights: WeightSnapshot): Promise<void> {
    return this.runs.adopt(weights);
  }

  /** Removes pruned filters physically and verifies the smaller model against this one. */
  thin(request: T.ThinRequest = {}, signal = never): Promise<JobOutcome<T.ThinReport, null>> {
    return thinJob(this, request, signal);
  }

  sparsityTable(): T.SparsityTable {
    return inspect.sparsityTableOf(this.current().masked);
  }

  maskView(name: string): T.TensorMaskView {
    return inspect.maskViewOf(this.current().masked, name);
  }

  /** One tensor's dense weights and kept weights on fixed bins, with ±λ of `method` (its method in the plan). */
  histogram(name: string, method: TensorMethod, bins?: number): WeightHistogram {
    return inspect.histogramOf(this.current().masked, name, method, bins);
  }

  cost() {
    return inspect.costOf(this.current());
  }

  latency(): Promise<T.LatencyReport> {
    return inspect.latencyOf(this.current(), this.inputs(), this.settings);
  }

  /** The pruned model (dense ⊙ mask) as its format's files. */
  exportPruned(): Promise<NamedBytes[]> {
    return this.current().engine.exportFiles();
  }

  /** The masks of the pruned model (1 = kept) as masks.json, the file `prunelab export --format masks` writes. */
  exportMasks(): Promise<string> {
    return masksFromZeros(this.current().engine);
  }

  /** A few examples with their labels and the model's predictions through the mapping in force. */
  samples(count = 16): Promise<SampleView[]> {
    if (!this.data) return Promise.resolve([]);
    return sampleViews(this.current(), this.data.images, this.feed, count);
  }

  /** Outputs (logits or probabilities) of the first n evaluation images under the current masks. */
  predict(n: number): Promise<Float32Array> {
    return inspect.predictFirst(this.current(), this.inputs(), n);
  }

  dispose(): void {
    this.disposeModel();
  }

  // LabContext

  current(): LoadedModel {
    if (!this.model) throw new Error('no model is loaded');
    return this.model;
  }

  /** evaluation images whose labels fit the model, or null */
  labelled(): ResidentData | null {
    const data = this.inputs();
    return data?.labelsFit ? data : null;
  }

  async measured(signal?: AbortSignal): Promise<ResidentData | null> {
    const data = this.inputs();
    if (!data?.needsReference) return data;
    const { engine, masked } = this.current();
    const on = data.referenceInputs();
    const reference = await masked.withDenseWeights(() =>
      'x' in on
        ? denseReferenceOf(engine, on.x, engine.outputs, { signal, batchSize: batchSizeFor((4 * on.x.size) / data.n) })
        : streamedReference(engine, on.streamed, signal),
    );
    data.setReference(reference);
    return data;
  }

  inputs(): ResidentData | null {
    if (this.resident) return this.resident;
    if (!this.data || !this.model || !this.feed?.inputsFit) return null;
    this.resident = ResidentData.upload(this.data.images, this.feed, this.settings, this.quickImages);
    return this.resident;
  }

  dataFitReason(): string {
    const fit = this.model?.info.dataFit;
    return fit && !fit.fits ? fit.reason : 'no labelled data is loaded';
  }

  trainTensors(): Promise<{ x: tf.Tensor; y: tf.Tensor1D }> {
    const fit = this.model?.info.dataFit;
    if (!fit || !fit.fits || !this.loader)
      throw new Error(`no labelled training data fits this model: ${this.dataFitReason()}`);
    const { engine } = this.model!;
    const { scaling, mapping } = this.settings;
    const dropped = this.trainingSet;
    return this.training.tensors(
      dropped ? { ...this.loader, train: async () => dropped.images } : this.loader,
      (images) => dataFeed(engine, images, scaling, mapping ?? null),
      JSON.stringify([scaling, mapping]),
    );
  }

  async adoptCurrentWeights(known?: ReadonlyMap<string, Float32Array>): Promise<void> {
    const model = this.current();
    model.masked = await MaskedModel.create(model.engine, known);
    this.maskCache = createMaskCache();
    this.denseFigures = null;
    this.resident?.clearReference();
  }

  async adoptThinnedModel(model: tf.LayersModel): Promise<T.ModelInfo> {
    const old = this.current();
    const engine = new LayersEngine(model);
    const masked = await MaskedModel.create(engine);
    old.engine.dispose();
    this.forgetFigures();
    this.maskCache = createMaskCache();
    const info: T.ModelInfo = {
      ...old.info,
      tensors: [...engine.tensors],
      layers: engine.layers(),
      params: engine.params,
      couplings: couplingRowsOf(engine.channelGraph(), engine.tensors),
    };
    this.model = { engine, masked, info };
    this.refit();
    return info;
  }

  /** How the data reaches the model now (layout or mapping, labels or label-free), kept in the model's info. */
  private refit(): void {
    if (!this.model) return;
    if (!this.data) {
      this.feed = null;
      this.model.info.dataFit = { fits: false, reason: 'no labelled data is loaded' };
      this.model.info.mapping = null;
      return;
    }
    this.feed = dataFeed(this.model.engine, this.data.images, this.settings.scaling, this.settings.mapping ?? null);
    this.model.info.dataFit = this.feed.fit;
    this.model.info.mapping = this.feed.mapping;
  }

  private cappedNotice(): string {
    const r = this.resident!;
    return (
      `${r.cappedFrom} examples are over the ${EVAL_BUDGET_BYTES / 2 ** 20} MiB device budget: the full figure ` +
      `evaluates them in chunks; quick estimates, sweeps and fine-tuning use a class-balanced subset of ${r.n}`
    );
  }

  private forgetFigures(): void {
    this.resident?.dispose();
    this.resident = null;
    this.denseFigures = null;
  }

  private disposeModel(): void {
    this.forgetFigures();
    this.training.dispose();
    this.runs.forget();
    this.model?.engine.dispose();
    this.model = null;
    this.maskCache = createMaskCache();
  }
}

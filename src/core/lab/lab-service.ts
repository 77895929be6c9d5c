// The lab service: the loaded model (through its engine), its dense weights and masks, the
// evaluation and training data, and the jobs on them. Framework-free: the worker and the CLI are
// thin adapters over it. Long jobs return a JobOutcome value (done, cancelled with what finished,
// or refused with the reason); a failure that is neither stays an error.
import * as tf from '@tensorflow/tfjs';
import { MaskedModel } from '../engine/masked-model';
import { openModelFiles } from '../engine/open-model';
import type { ModelEngine } from '../engine/model-engine';
import { couplingRowsOf, type ChannelGraph } from '../graph';
import type { PrunePlan } from '../plan/plan';
import { createMaskCache } from '../plan/plan-masks';
import type { NamedBytes } from '../types';
import type { DataLoader, LabelledSet } from './data-loader';
import { ResidentData } from './eval-data';
import * as inspect from './inspect';
import type { LabContext, LoadedModel } from './lab-context';
import { outcomeOf, type JobOutcome } from './outcome';
import { evaluateFigure, planJob } from './plan-job';
import { QUICK_DEFAULT, quickSubsetSize } from './quick-subset';
import { TrainingRuns } from './runs';
import { sweepJob } from './sweep-job';
import { thinJob } from './thin-job';
import { TrainingSet } from './training-set';
import type * as T from './types';

export interface LabServiceOptions {
  /** run the quick estimate before each full figure (default true; the CLI needs only full figures) */
  quickEstimate?: boolean;
}

type Emit<E> = (e: E) => void;
const never = new AbortController().signal;

export class LabService implements LabContext {
  private data: LabelledSet | null = null;
  private loader: DataLoader | null = null;
  private readonly training = new TrainingSet();
  private model: LoadedModel | null = null;
  private resident: ResidentData | null = null;
  private maskCache = createMaskCache();
  private denseFigures: T.DenseFigures | null = null;
  private quickImages = QUICK_DEFAULT;
  private readonly quickEstimate: boolean;
  private readonly runs = new TrainingRuns(this);
  settings: T.EvalSettings = { scaling: { kind: 'unit' }, limit: null };

  constructor(opts: LabServiceOptions = {}) {
    this.quickEstimate = opts.quickEstimate ?? true;
  }

  /** Reads the loader's test set now (its training set when a run needs it); a failure keeps the old data. */
  async loadData(loader: DataLoader): Promise<{ dataset: T.DatasetInfo; dataFit: T.DataFit | null }> {
    const set = await loader.test();
    this.data = set;
    this.loader = loader;
    this.training.forgetImages();
    this.forgetFigures();
    if (this.model) this.model.info.dataFit = this.fitOf(this.model.engine);
    return { dataset: this.dataset()!, dataFit: this.model?.info.dataFit ?? null };
  }

  dataset(): T.DatasetInfo | null {
    if (!this.data) return null;
    const { n, rows, cols, numClasses } = this.data.images;
    return { name: this.data.name, n, rows, cols, numClasses };
  }

  /** Opens a model from its files; only a model that opened completely replaces the current one. */
  async loadModel(
    files: NamedBytes[],
    meta: { name?: string; source: 'demo' | 'files'; card?: T.ModelCard },
  ): Promise<T.ModelInfo> {
    const { engine, name } = await openModelFiles(files);
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
      dataFit: this.fitOf(engine),
      outputs: engine.outputs,
      card: meta.card,
      couplings: couplingRowsOf(engine.channelGraph(), engine.tensors),
    };
    this.model = { engine, masked, info };
    return info;
  }

  setEvalSettings(settings: T.EvalSettings): void {
    if (JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    this.settings = settings;
    this.forgetFigures();
    this.training.dispose();
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
        const data = this.labelled();
        if (!data) return null;
        return masked.withDenseWeights(async () => {
          const { engine } = this.current();
          const full = await evaluateFigure(engine, data.x, data.y, 'full', signal, onEvent);
          let quick: T.EvalFigure | null = null;
          if (this.quickEstimate) {
            // the quick subset follows the measured speed; the dense figure on it is taken on the same images
            this.quickImages = quickSubsetSize(full);
            data.resizeQuick(this.quickImages);
            quick = await evaluateFigure(engine, data.quickX, data.quickY, 'quick', signal, onEvent);
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
  applyPlan(plan: PrunePlan, signal = never, onEvent: Emit<T.JobEvent> = () => {}) {
    return planJob(this.current(), this.labelled(), this.maskCache, plan, {
      quick: this.quickEstimate,
      signal,
      onEvent,
    });
  }

  /** Distiller's sensitivity analysis on the dense model; rows stream, a cancel keeps those finished. */
  sweep(request: T.SweepRequest, signal = never, onEvent: Emit<T.SweepEvent> = () => {}) {
    return sweepJob(this, request, signal, onEvent);
  }

  /** Tensors a sweep group applies to (all when the group is 'element'). */
  sweepableTensors(group: T.SweepRequest['group'], semantics: T.SweepRequest['filterSemantics'] = 'remove') {
    return inspect.sweepableTensors(this.current(), group, semantics);
  }

  /** A pruning schedule with masked fine-tuning; the result becomes the new dense checkpoint. */
  runSchedule(request: T.ScheduleRequest, signal = never, onEvent: Emit<T.RunEvent> = () => {}) {
    return this.runs.schedule(request, signal, onEvent);
  }

  /** Han et al.'s one-shot vs iterative experiment; a cancel gives the points measured and the start weights back. */
  runHan(request: T.HanRequest = {}, signal = never, onEvent: Emit<T.RunEvent> = () => {}) {
    return this.runs.han(request, signal, onEvent);
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

  cost() {
    return inspect.costOf(this.current());
  }

  latency(): Promise<T.LatencyReport> {
    return inspect.latencyOf(this.current(), this.labelled(), this.settings);
  }

  /** The pruned model (dense ⊙ mask) as its format's files. */
  exportPruned(): Promise<NamedBytes[]> {
    return this.current().engine.exportFiles();
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

  labelled(): ResidentData | null {
    const data = this.inputs();
    return data?.labelsFit ? data : null;
  }

  inputs(): ResidentData | null {
    if (this.resident) return this.resident;
    if (!this.data || !this.model) return null;
    const fit = this.model.info.dataFit;
    const layout = fit.fits ? fit : this.layoutFit(this.model.engine);
    if (!layout.fits) return null;
    this.resident = ResidentData.upload(this.data.images, layout.layout, this.settings, this.quickImages, fit.fits);
    return this.resident;
  }

  dataFitReason(): string {
    const fit = this.model?.info.dataFit;
    return fit && !fit.fits ? fit.reason : 'no labelled data is loaded';
  }

  trainTensors(): Promise<{ x: tf.Tensor; y: tf.Tensor1D }> {
    const fit = this.model?.info.dataFit;
    if (!fit || !fit.fits || !this.loader)
      throw new Error('no training data fits this model (fine-tuning needs 28×28 inputs and 10 classes)');
    return this.training.tensors(this.loader, this.model!.engine, fit.layout, this.settings.scaling);
  }

  async adoptCurrentWeights(known?: ReadonlyMap<string, Float32Array>): Promise<void> {
    const model = this.current();
    model.masked = await MaskedModel.create(model.engine, known);
    this.maskCache = createMaskCache();
    this.denseFigures = null;
  }

  private fitOf(engine: ModelEngine): T.DataFit {
    return this.data ? engine.inputFit(this.data.images) : { fits: false, reason: 'no labelled data is loaded' };
  }

  /** The input may fit with the model's own class count: then only label-free work is possible. */
  private layoutFit(engine: ModelEngine): T.DataFit {
    if (!this.data || engine.classes === null) return { fits: false, reason: this.dataFitReason() };
    return engine.inputFit({ ...this.data.images, numClasses: engine.classes });
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

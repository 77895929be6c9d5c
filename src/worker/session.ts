// The lab session: the loaded model, its dense weights and masks, and the evaluation data on device.
import * as tf from '@tensorflow/tfjs';
import { detectOutputKind, evaluate } from '../core/evaluate';
import { readIdx, toLabelledImages } from '../core/idx';
import { DEMO_DATA_FILES } from '../core/fashion-mnist';
import { loadModelFromFiles, loadModelFromUrl, type LoadedModel } from '../core/model-files';
import { describeLayers, inputFit, prunableTensors } from '../core/model-introspect';
import { MaskedModel } from '../core/engine/masked-model';
import { stratifiedSubset, toInputTensor, toLabelTensor } from '../core/dataset-tensors';
import { computePlanMasks, createMaskCache, type MaskCache } from '../core/plan/plan-masks';
import { analyzeChannels, type ChannelGraph } from '../core/graph';
import { costReport, kernelMacs, measureLatency, type CostReport } from '../core/cost';
import type { PrunePlan } from '../core/plan/plan';
import { maskViewOf, modelFiles, summaryOf, thinSession } from './inspect';
import { runSweep } from '../core/sensitivity';
import { runSchedule, type Checkpoint, type TimelineEvent } from '../core/schedule/run-schedule';
import { hanExperiment } from '../core/schedule/han-experiment';
import { masksOf, restoreWeights, snapshotWeights } from '../core/training/checkpoint';
import { PauseGate } from '../core/training/pause-gate';
import type { OptimizerSpec } from '../core/training/masked-trainer';
import type { Metrics } from '../core/types';
import { isCancelled } from './job-queue';
import type { LabelledImages } from '../core/types';
import type {
  DataFit,
  DatasetSummary,
  EvalFigure,
  EvalSettings,
  JobEvent,
  LatencyFigure,
  LatencyReport,
  ModelCard,
  ThinReport,
  ModelFile,
  SensitivityRow,
  SummaryReport,
  SweepEvent,
  SweepOutcome,
  SweepRequest,
  CheckpointInfo,
  HanOutcome,
  RunEvent,
  RunOutcome,
  ScheduleRequest,
  TrainSettings,
  TensorMaskView,
  ModelSummary,
  PlanOutcome,
  SparsityReport,
} from './protocol';

/** The quick estimate aims to arrive within this long of a change; its size follows measured speed. */
const QUICK_TARGET_MS = 80;
const QUICK_MIN = 100;
const QUICK_MAX = 1000;

interface Resident {
  x: tf.Tensor;
  y: tf.Tensor1D;
  quickX: tf.Tensor;
  quickY: tf.Tensor1D;
}

export class LabSession {
  private data: LabelledImages | null = null;
  private dataName = '';
  private model: LoadedModel | null = null;
  private info: ModelSummary | null = null;
  private masked: MaskedModel | null = null;
  private resident: Resident | null = null;
  private appliedPlan: PrunePlan | null = null;
  private graph: ChannelGraph | null = null;
  private trainImages: LabelledImages | null = null;
  private train: { key: string; x: tf.Tensor; y: tf.Tensor1D } | null = null;
  private checkpoints: Checkpoint[] = [];
  private gate: PauseGate | null = null;
  private maskCache: MaskCache = createMaskCache();
  private settings: EvalSettings = { scaling: { kind: 'unit' }, limit: null };
  private baselineFigure: EvalFigure | null = null;
  /** size of the class-balanced subset behind the quick estimate (adapted to the measured speed) */
  private quickImages = 500;

  async loadDemoData(baseUrl: string): Promise<DatasetSummary> {
    const [images, labels] = await Promise.all([
      fetchIdx(new URL(DEMO_DATA_FILES.testImages, baseUrl).href, 'test images'),
      fetchIdx(new URL(DEMO_DATA_FILES.testLabels, baseUrl).href, 'test labels'),
    ]);
    this.data = toLabelledImages(images, labels, 10);
    this.dataName = 'Fashion-MNIST test set';
    this.disposeResident();
    this.baselineFigure = null;
    return this.datasetSummary();
  }

  /** A user's labelled set: an idx images file (n x rows x cols) and an idx labels file (n), plain or gzipped. */
  async loadDataFiles(
    files: { name: string; bytes: ArrayBuffer }[],
  ): Promise<{ dataset: DatasetSummary; dataFit: DataFit | null }> {
    if (files.length !== 2) {
      throw new Error(
        `drop two idx files together (images and labels); got ${files.length}: ${files.map((f) => f.name).join(', ')}`,
      );
    }
    const parsed = await Promise.all(
      files.map(async (f) => ({ name: f.name, idx: await readIdx(new Uint8Array(f.bytes), f.name) })),
    );
    const images = parsed.find((p) => p.idx.dims.length === 3);
    const labels = parsed.find((p) => p.idx.dims.length === 1);
    if (!images || !labels) {
      throw new Error(
        `expected one 3-D idx images file and one 1-D idx labels file; got ${parsed.map((p) => `${p.name} [${p.idx.dims.join('x')}]`).join(' and ')}`,
      );
    }
    let maxLabel = 0;
    for (const l of labels.idx.data) maxLabel = Math.max(maxLabel, l);
    const data = toLabelledImages(images.idx, labels.idx, Math.max(10, maxLabel + 1));
    this.data = data;
    this.dataName = `${images.name} + ${labels.name}`;
    this.disposeResident();
    this.baselineFigure = null;
    if (this.info) {
      this.info.dataFit = inputFit(this.model!.model, {
        rows: data.rows,
        cols: data.cols,
        numClasses: data.numClasses,
      });
    }
    return { dataset: this.datasetSummary(), dataFit: this.info?.dataFit ?? null };
  }

  private datasetSummary(): DatasetSummary {
    const d = this.data!;
    return { name: this.dataName, n: d.n, rows: d.rows, cols: d.cols, numClasses: d.numClasses };
  }

  async loadDemoModel(baseUrl: string, id: string): Promise<ModelSummary> {
    const dir = new URL(`models/${id}/`, baseUrl).href;
    const loaded = await loadModelFromUrl(`${dir}model.json`);
    let card: ModelCard | undefined;
    const res = await fetch(`${dir}card.json`);
    if (res.ok) card = (await res.json()) as ModelCard;
    return this.adopt({ ...loaded, name: id }, 'demo', card);
  }

  async loadModelFiles(files: { name: string; bytes: ArrayBuffer }[]): Promise<ModelSummary> {
    const loaded = await loadModelFromFiles(files);
    return this.adopt(loaded, 'files');
  }

  /** Only a model that loaded completely replaces the current one: a failure leaves the session as it was. */
  private async adopt(loaded: LoadedModel, source: 'demo' | 'files', card?: ModelCard): Promise<ModelSummary> {
    let masked: MaskedModel;
    try {
      masked = await MaskedModel.create(loaded.model);
    } catch (e) {
      loaded.model.dispose();
      throw e;
    }
    let graph: ChannelGraph | null;
    try {
      graph = analyzeChannels(loaded.model);
    } catch {
      graph = null; // structured pruning will say it cannot analyse this model
    }
    this.disposeModel();
    this.model = loaded;
    this.masked = masked;
    this.graph = graph;
    this.maskCache = createMaskCache();
    this.appliedPlan = null;
    this.baselineFigure = null;
    const model = loaded.model;
    const dataFit: DataFit = this.data
      ? inputFit(model, { rows: this.data.rows, cols: this.data.cols, numClasses: this.data.numClasses })
      : { fits: false, reason: 'no labelled data is loaded' };
    this.info = {
      name: loaded.name,
      source,
      tensors: prunableTensors(model),
      layers: describeLayers(model),
      params: model.countParams(),
      dataFit,
      outputs: detectOutputKind(model),
      card,
    };
    return this.info;
  }

  async setEvalSettings(settings: EvalSettings): Promise<void> {
    if (JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    this.settings = settings;
    this.disposeResident();
    this.baselineFigure = null;
  }

  /** The dense model's figure, computed with masks off and then the plan's masks restored. */
  async baseline(signal: AbortSignal, onEvent: (e: JobEvent) => void): Promise<EvalFigure | null> {
    if (this.baselineFigure) return this.baselineFigure;
    const { masked } = this.requireModel();
    const resident = this.residentData();
    if (!resident) return null;
    const saved = this.appliedPlan;
    const names = this.info!.tensors.map((t) => t.name);
    const savedMasks = names.map((n) => [n, masked.getMask(n)] as const);
    for (const n of names) masked.setMask(n, null);
    await masked.apply();
    try {
      this.baselineFigure = await this.figure(resident.x, resident.y, 'full', signal, onEvent);
      this.fitQuickSize(this.baselineFigure);
      return this.baselineFigure;
    } finally {
      for (const [n, m] of savedMasks) masked.setMask(n, m);
      await masked.apply();
      this.appliedPlan = saved;
    }
  }

  async applyPlan(plan: PrunePlan, signal: AbortSignal, onEvent: (e: JobEvent) => void): Promise<PlanOutcome> {
    const { masked } = this.requireModel();
    // Every mask is computed before any is set: a refused plan leaves the model as it was.
    const { masks } = computePlanMasks(plan, {
      tensors: this.info!.tensors,
      dense: (n) => masked.dense(n),
      graph: this.graph,
      cache: this.maskCache,
      options: plan.limits,
    });
    for (const [name, mask] of masks) if (!sameMask(masked.getMask(name), mask)) masked.setMask(name, mask);
    await masked.apply();
    this.appliedPlan = plan;
    const sparsity = this.sparsityReport();
    onEvent({ type: 'sparsity', report: sparsity });
    const resident = this.residentData();
    if (!resident) return { sparsity };
    const quick = await this.figure(resident.quickX, resident.quickY, 'quick', signal, onEvent);
    const full = await this.figure(resident.x, resident.y, 'full', signal, onEvent);
    return { sparsity, quick, full };
  }

  /**
   * Sensitivity sweep on the dense model (every mask off while it runs), then the plan's masks come
   * back. Rows stream through onEvent; a cancel resolves with the rows finished so far.
   */
  async sweep(request: SweepRequest, signal: AbortSignal, onEvent: (e: SweepEvent) => void): Promise<SweepOutcome> {
    const { model, masked } = this.requireModel();
    if (request.tensors.length === 0) throw new Error('select at least one layer to sweep');
    const resident = this.residentData();
    if (!resident)
      throw new Error('no evaluation inputs fit this model, so there is nothing to measure sensitivity on');
    const names = this.info!.tensors.map((t) => t.name);
    const saved = names.map((n) => [n, masked.getMask(n)] as const);
    for (const n of names) masked.setMask(n, null);
    await masked.apply();
    const t0 = performance.now();
    const rows: SensitivityRow[] = [];
    try {
      await runSweep(model.model, request.mode === 'labels' ? { x: resident.x, y: resident.y } : { x: resident.x }, {
        tensors: request.tensors,
        group: request.group,
        levels: request.levels,
        subset: request.subset ?? undefined,
        earlyStop: request.minTop1 === null ? undefined : { minTop1: request.minTop1 },
        mode: request.mode,
        signal,
        onRow: (row) => {
          rows.push(row);
          onEvent({ type: 'row', row });
        },
        onProgress: (p) =>
          onEvent({ type: 'progress', done: p.evaluationsDone, total: p.evaluationsTotal, tensor: p.parameter }),
        onNote: (text) => onEvent({ type: 'note', text }),
      });
      return { rows, cancelled: false, ms: performance.now() - t0 };
    } catch (e) {
      if (isCancelled(e)) return { rows, cancelled: true, ms: performance.now() - t0 };
      throw e;
    } finally {
      for (const [n, m] of saved) masked.setMask(n, m);
      await masked.apply();
    }
  }

  /** The demo's 10k training subset, uploaded once in the model's input layout. */
  private async trainTensors(baseUrl: string): Promise<{ x: tf.Tensor; y: tf.Tensor1D }> {
    const fit = this.info?.dataFit;
    if (!fit || !fit.fits)
      throw new Error('no training data fits this model (fine-tuning needs 28×28 inputs and 10 classes)');
    const key = `${fit.layout}|${JSON.stringify(this.settings.scaling)}`;
    if (this.train && this.train.key === key) return this.train;
    if (!this.trainImages) {
      const [images, labels] = await Promise.all([
        fetchIdx(new URL(DEMO_DATA_FILES.trainImages, baseUrl).href, 'training images'),
        fetchIdx(new URL(DEMO_DATA_FILES.trainLabels, baseUrl).href, 'training labels'),
      ]);
      this.trainImages = toLabelledImages(images, labels, 10);
    }
    if (this.train) tf.dispose([this.train.x, this.train.y]);
    this.train = {
      key,
      x: toInputTensor(this.trainImages, fit.layout, this.settings.scaling),
      y: toLabelTensor(this.trainImages),
    };
    return this.train;
  }

  async runSchedule(
    baseUrl: string,
    request: ScheduleRequest,
    signal: AbortSignal,
    onEvent: (e: RunEvent) => void,
  ): Promise<RunOutcome> {
    const { model, masked } = this.requireModel();
    const resident = this.residentData();
    if (!resident) throw new Error('no labelled test data fits this model');
    onEvent({ type: 'status', text: 'loading the training subset…' });
    const train = await this.trainTensors(baseUrl);
    const timeline: TimelineEvent[] = [];
    this.gate = new PauseGate();
    try {
      const result = await runSchedule(model.model, train, { x: resident.x, y: resident.y }, request.schedule, {
        epochs: request.epochs,
        optimizer: optimizerSpec(request.train),
        batchSize: request.train.batchSize,
        weightDecay: request.train.weightDecay,
        initialMasks: masksOf(masked),
        outputs: this.info!.outputs,
        checkpoints: 'all',
        gate: this.gate,
        signal,
        onEvent: (event) => {
          timeline.push(event);
          onEvent({ type: 'timeline', event });
        },
        onBatch: throttle((progress) => onEvent({ type: 'batch', progress }), 100),
      });
      this.checkpoints = result.checkpoints;
      await this.adoptCurrentWeights();
      return { timeline, checkpoints: this.checkpointInfo(timeline), cancelled: false, adoptedStep: result.final.step };
    } catch (e) {
      if (!isCancelled(e)) throw e;
      // Partial results are kept: the last finished step becomes the model's weights.
      const kept = (e as { checkpoints?: Checkpoint[] }).checkpoints ?? [];
      if (kept.length) {
        this.checkpoints = kept;
        const last = kept[kept.length - 1];
        restoreWeights(model.model, last.weights);
        await this.adoptCurrentWeights();
        return { timeline, checkpoints: this.checkpointInfo(timeline), cancelled: true, adoptedStep: last.step };
      }
      // nothing finished: the weights the run started from are still the MaskedModel's
      for (const t of this.info!.tensors) masked.setMask(t.name, masked.getMask(t.name));
      await masked.apply();
      return { timeline, checkpoints: [], cancelled: true, adoptedStep: null };
    } finally {
      this.gate = null;
    }
  }

  async runHan(baseUrl: string, signal: AbortSignal, onEvent: (e: RunEvent) => void): Promise<HanOutcome> {
    const { model } = this.requireModel();
    const resident = this.residentData();
    if (!resident) throw new Error('no labelled test data fits this model');
    onEvent({ type: 'status', text: 'loading the training subset…' });
    const train = await this.trainTensors(baseUrl);
    const start = await snapshotWeights(model.model);
    this.gate = new PauseGate();
    try {
      const r = await hanExperiment(
        model.model,
        train,
        { x: resident.x, y: resident.y },
        {
          gate: this.gate,
          signal,
          onEvent: (event) => onEvent({ type: 'timeline', event }),
          onBatch: throttle((progress) => onEvent({ type: 'batch', progress }), 100),
        },
      );
      await this.adoptCurrentWeights();
      const point = (p: { sparsity: number; metrics: Metrics }) => ({
        sparsity: p.sparsity,
        top1: p.metrics.top1,
        top5: p.metrics.top5,
        loss: p.metrics.loss,
      });
      return {
        dense: r.dense,
        finalSparsity: r.finalSparsity,
        oneShot: r.oneShot.map(point),
        iterative: r.iterative.map(point),
        iterativeLoss: r.iterativeLoss,
        oneShotLoss: r.oneShotLoss,
        cancelled: false,
      };
    } catch (e) {
      restoreWeights(model.model, start);
      await this.adoptCurrentWeights();
      if (isCancelled(e))
        return {
          dense: { top1: 0, top5: 0, loss: 0, n: 0 },
          finalSparsity: 0,
          oneShot: [],
          iterative: [],
          iterativeLoss: 0,
          oneShotLoss: 0,
          cancelled: true,
        };
      throw e;
    } finally {
      this.gate = null;
    }
  }

  pauseRun(): void {
    this.gate?.pause();
  }

  resumeRun(): void {
    this.gate?.resume();
  }

  async restoreCheckpoint(step: number): Promise<void> {
    const { model } = this.requireModel();
    const cp = this.checkpoints.find((c) => c.step === step);
    if (!cp) throw new Error(`no checkpoint for step ${step}`);
    restoreWeights(model.model, cp.weights);
    await this.adoptCurrentWeights();
  }

  /** The weights the model holds now become the dense values (fine-tuning made a new checkpoint). */
  private async adoptCurrentWeights(): Promise<void> {
    this.masked = await MaskedModel.create(this.model!.model);
    this.maskCache = createMaskCache();
    this.appliedPlan = null;
    this.baselineFigure = null;
  }

  private checkpointInfo(timeline: TimelineEvent[]): CheckpointInfo[] {
    return this.checkpoints.map((c) => {
      const e = timeline.find((t) => t.step === c.step);
      return {
        step: c.step,
        epoch: c.epoch,
        kind: c.kind,
        top1: e?.metrics.top1 ?? NaN,
        sparsity: e?.totalSparsity ?? NaN,
      };
    });
  }

  summary(): SummaryReport {
    const { masked } = this.requireModel();
    return summaryOf(masked, this.info!.tensors);
  }

  maskView(name: string): TensorMaskView {
    const { masked } = this.requireModel();
    const tensor = this.info!.tensors.find((t) => t.name === name);
    if (!tensor)
      throw new Error(`unknown tensor "${name}"; this model has ${this.info!.tensors.map((t) => t.name).join(', ')}`);
    return maskViewOf(masked, tensor);
  }

  async cost(): Promise<CostReport> {
    const { model, masked } = this.requireModel();
    return costReport(model.model, (n) => masked.maskedValues(n));
  }

  async latency(): Promise<LatencyReport> {
    const { masked } = this.requireModel();
    const names = this.info!.tensors.map((t) => t.name);
    const saved = names.map((n) => [n, masked.getMask(n)] as const);
    for (const n of names) masked.setMask(n, null);
    await masked.apply();
    let dense: LatencyFigure;
    try {
      dense = await this.latencyOf(this.model!.model);
    } finally {
      for (const [n, m] of saved) masked.setMask(n, m);
      await masked.apply();
    }
    return { dense, pruned: await this.latencyOf(this.model!.model), thinned: null };
  }

  async thin(): Promise<ThinReport> {
    const { model, masked } = this.requireModel();
    const resident = this.residentData();
    const checkX = resident ? resident.x : tf.randomUniform([256, ...this.inputShape()], 0, 1, 'float32', 7);
    try {
      return await thinSession(
        model.model,
        masked,
        this.info!.tensors,
        checkX,
        resident ? `${resident.x.shape[0]} evaluation images` : '256 random inputs (no data fits this model)',
        (m) => this.latencyOf(m),
        (m) => prunableTensors(m).reduce((a, t) => a + kernelMacs(m, t).macs, 0),
      );
    } finally {
      if (!resident) checkX.dispose();
    }
  }

  private inputShape(): number[] {
    return (this.model!.model.inputs[0].shape.slice(1) as number[]).map((d) => d ?? 1);
  }

  /** Batch-256 inference latency, median of 10 runs after 2 warm-ups. */
  private async latencyOf(m: tf.LayersModel): Promise<LatencyFigure> {
    const resident = this.residentData();
    const batch = 256;
    const x = resident
      ? resident.x.slice(0, Math.min(batch, resident.x.shape[0]))
      : tf.randomUniform([batch, ...this.inputShape()]);
    try {
      const l = await measureLatency(m, x, { runs: 10, warmup: 2 });
      return { medianMs: l.medianMs, minMs: l.minMs, maxMs: l.maxMs, batch: x.shape[0] };
    } finally {
      x.dispose();
    }
  }

  async exportPruned(): Promise<ModelFile[]> {
    const { model } = this.requireModel();
    return modelFiles(model.model);
  }

  async predict(n: number): Promise<Float32Array> {
    const { model } = this.requireModel();
    const resident = this.residentData();
    if (!resident) throw new Error('no evaluation data fits this model');
    const count = Math.min(n, resident.x.shape[0]);
    const out = tf.tidy(() => model.model.predict(resident.x.slice(0, count)) as tf.Tensor);
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  }

  private async figure(
    x: tf.Tensor,
    y: tf.Tensor1D,
    phase: 'quick' | 'full',
    signal: AbortSignal,
    onEvent: (e: JobEvent) => void,
  ): Promise<EvalFigure> {
    const t0 = performance.now();
    const metrics = await evaluate(
      this.model!.model,
      { x, y },
      {
        outputs: this.info!.outputs,
        signal,
        onProgress: phase === 'full' ? (done, total) => onEvent({ type: 'progress', done, total }) : undefined,
      },
    );
    const figure: EvalFigure = { metrics, phase, ms: performance.now() - t0 };
    onEvent({ type: 'figure', figure });
    return figure;
  }

  /** Sizes the quick subset so that it evaluates in about QUICK_TARGET_MS at the measured speed. */
  private fitQuickSize(full: EvalFigure): void {
    const perImageMs = full.ms / Math.max(full.metrics.n, 1);
    const n = Math.round(Math.min(QUICK_MAX, Math.max(QUICK_MIN, QUICK_TARGET_MS / perImageMs)) / 10) * 10;
    if (n === this.quickImages) return;
    this.quickImages = n;
    if (this.resident) {
      tf.dispose([this.resident.quickX, this.resident.quickY]);
      const count = this.resident.x.shape[0];
      const idx = stratifiedSubset(this.data!.labels.subarray(0, count), Math.min(n, count));
      const idxT = tf.tensor1d(idx, 'int32');
      this.resident.quickX = tf.gather(this.resident.x, idxT);
      this.resident.quickY = tf.gather(this.resident.y, idxT) as tf.Tensor1D;
      idxT.dispose();
    }
  }

  private sparsityReport(): SparsityReport {
    const s = this.masked!.sparsity();
    return { perTensor: s.perTensor, total: s.total };
  }

  private requireModel(): { model: LoadedModel; masked: MaskedModel } {
    if (!this.model || !this.masked || !this.info) throw new Error('no model is loaded');
    return { model: this.model, masked: this.masked };
  }

  /** Uploads the evaluation images once per model layout and settings; they stay on the device. */
  private residentData(): Resident | null {
    if (this.resident) return this.resident;
    const fit = this.info?.dataFit;
    if (!this.data || !fit || !fit.fits) return null;
    const count = Math.min(this.settings.limit ?? this.data.n, this.data.n);
    const range = { start: 0, count };
    const x = toInputTensor(this.data, fit.layout, this.settings.scaling, range);
    const y = toLabelTensor(this.data, range);
    const labels = this.data.labels.subarray(0, count);
    const idx = stratifiedSubset(labels, Math.min(this.quickImages, count));
    const idxT = tf.tensor1d(idx, 'int32');
    const quickX = tf.gather(x, idxT);
    const quickY = tf.gather(y, idxT) as tf.Tensor1D;
    idxT.dispose();
    this.resident = { x, y, quickX, quickY };
    return this.resident;
  }

  private disposeResident(): void {
    if (this.resident) tf.dispose(Object.values(this.resident));
    this.resident = null;
  }

  private disposeModel(): void {
    this.disposeResident();
    this.model?.model.dispose();
    this.model = null;
    this.masked = null;
    this.info = null;
    this.graph = null;
    this.checkpoints = [];
    if (this.train) tf.dispose([this.train.x, this.train.y]);
    this.train = null;
  }
}

function optimizerSpec(t: TrainSettings): OptimizerSpec {
  return t.optimizer === 'adam' ? { kind: 'adam', lr: t.lr } : { kind: 'sgd', lr: t.lr, momentum: t.momentum };
}

/** Calls fn at most every `ms` milliseconds (the last call of a burst may be dropped). */
function throttle<T>(fn: (x: T) => void, ms: number): (x: T) => void {
  let last = 0;
  return (x) => {
    const now = performance.now();
    if (now - last >= ms) {
      last = now;
      fn(x);
    }
  };
}

function sameMask(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function fetchIdx(url: string, what: string) {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`could not fetch ${what} (${url}): HTTP ${res.status}`);
  return readIdx(res.body, what);
}

// The typed contract between the main thread and the lab worker.
import type { BackendName, BackendProbe } from '../core/backend-choice';
import type { InputFit, LayerDescription } from '../core/model-introspect';
import type { PrunePlan } from '../core/plan/plan';
import type { InputScaling, Metrics, PrunableTensor } from '../core/types';
import type { SummaryRow } from '../core/pruning';
import type { CostReport } from '../core/cost/cost-report';
import type { SensitivityRow } from '../core/sensitivity/types';
import type { Schedule } from '../core/schedule/schedule';
import type { TimelineEvent } from '../core/schedule/run-schedule';
import type { BatchProgress } from '../core/training/masked-trainer';

export type BackendRequest = 'auto' | BackendName;

export interface RuntimeInfo {
  backend: BackendName;
  requested: BackendRequest;
  reason: string;
  /** human description of the WebGPU adapter when one exists */
  adapter?: string;
  softwareAdapter?: boolean;
  probes: BackendProbe[];
}

export interface DatasetSummary {
  name: string;
  n: number;
  rows: number;
  cols: number;
  numClasses: number;
}

export type DataFit = InputFit;

export interface ModelSummary {
  /** demo id (lenet300, lenet5, vgg) or the dropped file's name */
  name: string;
  source: 'demo' | 'files';
  tensors: PrunableTensor[];
  layers: LayerDescription[];
  params: number;
  dataFit: DataFit;
  outputs: 'logits' | 'probabilities';
  card?: ModelCard;
}

export interface ModelCard {
  id: string;
  name: string;
  description: string;
  params: number;
  metrics: { top1: number; top5: number; loss: number };
  training?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface TensorSparsity {
  name: string;
  numel: number;
  nnz: number;
  sparsity: number;
}

export interface SparsityReport {
  perTensor: TensorSparsity[];
  /** over all prunable tensors */
  total: { numel: number; nnz: number; sparsity: number };
}

export interface EvalSettings {
  scaling: InputScaling;
  /** evaluate on the first `limit` test images (null = all) */
  limit: number | null;
}

/** A figure the worker reports; `subset` says how many images it was computed on. */
export interface EvalFigure {
  metrics: Metrics;
  /** 'quick' = stratified subset estimate, 'full' = every evaluation image */
  phase: 'quick' | 'full';
  ms: number;
}

export type JobEvent =
  | { type: 'sparsity'; report: SparsityReport }
  | { type: 'figure'; figure: EvalFigure }
  | { type: 'progress'; done: number; total: number };

export interface PlanOutcome {
  sparsity: SparsityReport;
  quick?: EvalFigure;
  full?: EvalFigure;
}

export interface LabApi {
  init(request: BackendRequest): Promise<RuntimeInfo>;
  loadDemoData(baseUrl: string): Promise<DatasetSummary>;
  loadDataFiles(
    files: { name: string; bytes: ArrayBuffer }[],
  ): Promise<{ dataset: DatasetSummary; dataFit: DataFit | null }>;
  loadDemoModel(baseUrl: string, id: string): Promise<ModelSummary>;
  loadModelFiles(files: { name: string; bytes: ArrayBuffer }[]): Promise<ModelSummary>;
  setEvalSettings(settings: EvalSettings): Promise<void>;
  /** evaluates the dense model (cached per model + settings) */
  baseline(jobId: number, onEvent: (e: JobEvent) => void): Promise<EvalFigure | null>;
  /** applies the plan's masks (dense weights kept) and evaluates: quick estimate first, then the full figure */
  applyPlan(plan: PrunePlan, jobId: number, onEvent: (e: JobEvent) => void): Promise<PlanOutcome>;
  cancel(jobId: number): void;
  /** Distiller's sensitivity analysis on the dense model; rows stream as they finish; cancel keeps them */
  sweep(request: SweepRequest, jobId: number, onEvent: (e: SweepEvent) => void): Promise<SweepOutcome>;
  /**
   * Runs a pruning schedule with masked fine-tuning on the training data, starting from the current
   * weights and masks. The fine-tuned result becomes the model's new dense checkpoint (the plan
   * starts empty on top of it); every step is kept as a checkpoint to go back to.
   */
  runSchedule(request: ScheduleRequest, jobId: number, onEvent: (e: RunEvent) => void): Promise<RunOutcome>;
  /** Han et al.'s experiment on the loaded model: one-shot vs iterative pruning with fine-tuning */
  runHan(jobId: number, onEvent: (e: RunEvent) => void): Promise<HanOutcome>;
  pauseRun(): void;
  resumeRun(): void;
  /** makes a kept checkpoint the model's weights (a new dense checkpoint) */
  restoreCheckpoint(step: number): Promise<void>;
  /** Distiller sparsity summary of the weights as pruned now */
  summary(): Promise<SummaryReport>;
  /** one tensor's mask and magnitudes for the heat map */
  maskView(name: string): Promise<TensorMaskView>;
  cost(): Promise<CostReport>;
  /** measured inference latency (median of repeated runs) of the dense and pruned model */
  latency(): Promise<LatencyReport>;
  /** removes pruned filters physically, verifies the thinned model against the masked one, returns its files */
  thin(): Promise<ThinReport>;
  /** the pruned model (dense ⊙ mask) as TF.js layers-model files */
  exportPruned(): Promise<ModelFile[]>;
  /** logits (or probabilities) of the first n evaluation images under the current masks */
  predict(n: number): Promise<Float32Array>;
  /** test hooks for recovery paths */
  crashForTest(): void;
  loseDeviceForTest(): void;
}

/** Distiller's weights sparsity summary of the current (masked) weights. */
export interface SummaryReport {
  rows: SummaryRow[];
  /** how Cols/Rows are counted for TF.js dense kernels */
  convention: string;
}

export interface TensorMaskView {
  name: string;
  shape: number[];
  /** 1 = kept; null = dense */
  mask: Uint8Array | null;
  /** |dense w| scaled to 0..255 for shading kept weights */
  magnitude: Uint8Array;
}

/** Cost per prunable tensor and total (src/core/cost): params, NNZ, MACs dense/effective, bytes. */
export type { CostReport, TensorCost, CostTotals } from '../core/cost/cost-report';

export interface LatencyFigure {
  medianMs: number;
  minMs: number;
  maxMs: number;
  batch: number;
}

export interface LatencyReport {
  dense: LatencyFigure;
  pruned: LatencyFigure;
  thinned: LatencyFigure | null;
}

export interface ModelFile {
  name: string;
  bytes: Uint8Array;
}

export interface ThinReport {
  /** filters removed per layer */
  removed: Record<string, number>;
  paramsBefore: number;
  paramsAfter: number;
  macsBefore: number;
  macsAfter: number;
  /** max |masked - thinned| over the evaluation images (or random inputs when no data fits) */
  maxDiff: number;
  checkedOn: string;
  latency: { masked: LatencyFigure; thinned: LatencyFigure };
  files: ModelFile[];
}

export type { SensitivityRow } from '../core/sensitivity/types';

export interface SweepRequest {
  tensors: string[];
  group: 'element' | 'filter' | 'channel';
  levels: number[];
  /** evaluate on the first N evaluation images (null = all of them) */
  subset: number | null;
  /** stop a tensor's sweep once top-1 falls below this (percent) */
  minTop1: number | null;
  /** 'labels' = accuracy against the labels; 'agreement' = label-free agreement with the dense model */
  mode: 'labels' | 'agreement';
}

export type SweepEvent =
  | { type: 'row'; row: SensitivityRow }
  | { type: 'progress'; done: number; total: number; tensor: string }
  | { type: 'note'; text: string };

export interface SweepOutcome {
  rows: SensitivityRow[];
  cancelled: boolean;
  ms: number;
}

export type { Schedule } from '../core/schedule/schedule';
export type { TimelineEvent } from '../core/schedule/run-schedule';
export type { BatchProgress } from '../core/training/masked-trainer';

export interface TrainSettings {
  optimizer: 'sgd' | 'adam';
  lr: number;
  /** SGD only */
  momentum: number;
  batchSize: number;
  weightDecay: number;
}

export interface ScheduleRequest {
  schedule: Schedule;
  epochs: number;
  train: TrainSettings;
}

export type RunEvent =
  | { type: 'timeline'; event: TimelineEvent }
  | { type: 'batch'; progress: BatchProgress }
  | { type: 'status'; text: string };

export interface CheckpointInfo {
  step: number;
  epoch: number;
  kind: 'start' | 'prune' | 'epoch';
  top1: number;
  sparsity: number;
}

export interface RunOutcome {
  timeline: TimelineEvent[];
  checkpoints: CheckpointInfo[];
  cancelled: boolean;
  /** the step whose weights the model now holds (the new dense checkpoint) */
  adoptedStep: number | null;
}

export interface HanCurvePoint {
  sparsity: number;
  top1: number;
  top5: number;
  loss: number;
}

export interface HanOutcome {
  dense: Metrics;
  finalSparsity: number;
  oneShot: HanCurvePoint[];
  iterative: HanCurvePoint[];
  iterativeLoss: number;
  oneShotLoss: number;
  cancelled: boolean;
}

/** Messages the worker posts outside the RPC channel. */
export type WorkerNotice = { type: 'prunelab:device-lost'; message: string };

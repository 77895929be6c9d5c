// Vocabulary of the lab service: what it reports about the model and data, the requests of its
// jobs, their streamed events and results. The worker protocol and the CLI speak these types.
import type { PrunePlan } from '../plan/plan';
import type { CostReport } from '../cost/cost-report';
import type { InputMapping } from '../data/input-mapping';
import type { CouplingRow } from '../graph/coupling-list';
import type { OutputKind } from '../eval/evaluate';
import type { InputLayoutName } from '../engine/input-layout';
import type { InputFit, LayerDescription } from '../engine/tfjs-layers/model-introspect';
import type { TensorOutcome } from '../plan/plan-masks';
import type { SummaryRow } from '../pruning';
import type { HanExperimentOptions, HanExperimentResult, HanCurvePoint } from '../schedule/han-settings';
import type { RetrainingLoss } from '../schedule/retraining-loss';
import type { Checkpoint, TimelineEvent } from '../schedule/run-schedule';
import type { WeightSnapshot } from '../training/checkpoint';
import type { Schedule } from '../schedule/schedule';
import type { FilterSemantics, SensitivityGroup, SensitivityMode, SensitivityRow } from '../sensitivity/types';
import type { BatchProgress } from '../training/masked-trainer';
import type { Convention, InputScaling, Metrics, NamedBytes, PrunableTensor, SparsityReport } from '../types';

export type { CostReport, HanCurvePoint, SensitivityRow, Schedule, TimelineEvent, BatchProgress, SparsityReport };

export interface DatasetInfo {
  name: string;
  n: number;
  rows: number;
  cols: number;
  numClasses: number;
  /** channels per pixel (1 gray, 3 RGB) */
  channels?: number;
  /** false: no labels, measured by agreement with the dense model */
  labelled?: boolean;
  /** float values as stored (NumPy/CSV), not 0..255 pixels */
  float?: boolean;
  classNames?: string[];
  /** what reading or evaluating the data skipped or changed */
  notices?: string[];
}

export type DataFit = InputFit;

/** How the data reaches the model now: whether it fits, and the input mapping in force (null: as it is). */
export interface DataStatus {
  dataFit: DataFit;
  mapping: InputMapping | null;
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

export interface ModelInfo {
  /** demo id (lenet300, lenet5, vgg, resnet8, resnet8.onnx, ...) or the dropped file's name */
  name: string;
  source: 'demo' | 'files';
  /** the engine's format, e.g. 'tfjs-layers' */
  format: string;
  tensors: PrunableTensor[];
  layers: LayerDescription[];
  params: number;
  dataFit: DataFit;
  outputs: OutputKind;
  card?: ModelCard;
  /** the image input's layout as detected from the model (null: not an image input) */
  inputLayout?: InputLayoutName | null;
  /** the input mapping in force (null: the data is fed as it is) */
  mapping?: InputMapping | null;
  /** the model's input shape without the batch (null: any size), as its engine gives it */
  inputShape?: (number | null)[];
  /** layers whose channels leave together (Add-coupled producers, depthwise convs riding with their producer) */
  couplings?: CouplingRow[];
  /** what opening the model found that the user should know (NaN or infinite weights) */
  notices?: string[];
}

export interface EvalSettings {
  scaling: InputScaling;
  /** evaluate on the first `limit` test images (null = all) */
  limit: number | null;
  /** how examples become model input (null/absent: as they are, or the model's layout when only that differs) */
  mapping?: InputMapping | null;
}

/** One evaluation: 'quick' = on the class-balanced quick subset, 'full' = every evaluation image. */
export interface EvalFigure {
  metrics: Metrics;
  phase: 'quick' | 'full';
  ms: number;
}

/** The dense model on the full evaluation set and on the same quick subset the estimates use. */
export interface DenseFigures {
  full: EvalFigure;
  /** null when the lab runs without quick estimates */
  quick: EvalFigure | null;
}

export type JobEvent =
  | { type: 'sparsity'; report: SparsityReport }
  | { type: 'figure'; figure: EvalFigure }
  | { type: 'progress'; done: number; total: number };

export interface PlanResult {
  sparsity: SparsityReport;
  /** what each tensor got (method, notes on caps and guards) */
  perTensor: TensorOutcome[];
  /** filters the plan removes per producer layer (what thinning can take out) */
  removedFilters: Record<string, number[]>;
  quick?: EvalFigure;
  full?: EvalFigure;
}

/** What a cancelled or superseded plan got to: its masks may be set, its figures may be missing. */
export interface PlanPartial {
  sparsity: SparsityReport | null;
  quick: EvalFigure | null;
}

/** Distiller's weights sparsity summary table of the current (masked) weights. */
export interface SparsityTable {
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

export interface ThinRequest {
  /**
   * 'masks' (default): filters whose mask is all zeros, as the plan removed them; 'zeros': filters
   * whose weights and every reader's matching inputs are exactly zero (a model pruned elsewhere).
   */
  from?: 'masks' | 'zeros';
  /** timed forward passes per model (default 10, after 2 warm-ups) */
  latencyRuns?: number;
  latencyWarmup?: number;
  /** the lab holds the thinned model afterwards (its weights the new dense values); layers models only */
  adopt?: boolean;
}

export interface ThinReport {
  /** filters removed per layer */
  removed: Record<string, number>;
  /** filters each of those layers had */
  filtersBefore: Record<string, number>;
  paramsBefore: number;
  paramsAfter: number;
  /** MACs per example of every prunable kernel, and of their non-zeros only */
  macsBefore: number;
  macsAfter: number;
  macsEffectiveBefore: number;
  macsEffectiveAfter: number;
  /** max |masked - thinned| over the evaluation images (or random inputs when no data fits) */
  maxDiff: number;
  checkedOn: string;
  /** how many inputs the agreement was checked on, and whether they were evaluation images */
  checked: { n: number; data: boolean };
  latency: { masked: LatencyFigure; thinned: LatencyFigure };
  files: NamedBytes[];
}

export interface SweepRequest {
  tensors: string[];
  group: SensitivityGroup;
  levels: number[];
  /** evaluate on the first N evaluation images (null = all of them) */
  subset: number | null;
  /** stop a tensor's sweep once top-1 falls below this (percent) */
  minTop1: number | null;
  /**
   * 'labels' = accuracy against the labels; 'agreement' = label-free agreement with the dense
   * model; absent = labels when they fit the model, else agreement (with a note)
   */
  mode?: SensitivityMode;
  convention?: Convention;
  filterSemantics?: FilterSemantics;
  /** workers the sweep is spread over where the page offers a pool (absent = the app's default) */
  workers?: number;
}

export type SweepEvent =
  | { type: 'row'; row: SensitivityRow }
  | { type: 'progress'; done: number; total: number; tensor: string }
  | { type: 'note'; text: string };

/** Rows finished (all of them, or those before a cancel) and how long the sweep ran. */
export interface SweepResult {
  rows: SensitivityRow[];
  ms: number;
  /** examples each row was evaluated on */
  n: number;
}

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
  seed?: number;
  /** 'all' (default): a checkpoint after every event to go back to; 'final': only the end state */
  checkpoints?: 'all' | 'final';
  /** fine-tune on the first N training examples only (default: all of them) */
  trainImages?: number;
}

export type RunEvent =
  | { type: 'timeline'; event: TimelineEvent }
  | { type: 'batch'; progress: BatchProgress }
  | { type: 'status'; text: string }
  /** a schedule step's weights (the page keeps them to restore the model after a worker restart) */
  | { type: 'checkpoint'; step: number; weights: WeightSnapshot };

export interface CheckpointInfo {
  step: number;
  epoch: number;
  kind: Checkpoint['kind'];
  top1: number;
  sparsity: number;
}

export interface RunReport {
  timeline: TimelineEvent[];
  checkpoints: CheckpointInfo[];
  /** the step whose weights the model now holds (the new dense checkpoint); null = the starting weights */
  adoptedStep: number | null;
  /** the masks in force at the end of the run (dense tensors left out) */
  masks: Record<string, Uint8Array>;
  /** a thinning extension made the model smaller: the thinned model the lab now holds */
  thinnedModel?: ModelInfo;
  /** a run without fine-tuning: the plan whose masks are the run's (the page's plan becomes it) */
  plan?: PrunePlan;
}

/** Han's experiment settings the caller may change (the rest are the experiment's defaults). */
export type HanRequest = Pick<
  HanExperimentOptions,
  'layerTargets' | 'optimizer' | 'batchSize' | 'weightDecay' | 'augment' | 'seed' | 'distill' | 'steps'
>;

/** A training set the user brought for fine-tuning. */
export interface TrainingSetInfo {
  name: string;
  n: number;
}

/** The experiment's result, and which retraining loss the training set's size chose (retraining-loss.ts). */
export type HanReport = Omit<HanExperimentResult, 'timeline'> & { retraining: RetrainingLoss };

/** The points measured before a cancel; the model is back at the weights it started from. */
export interface HanPartial {
  dense: Metrics | null;
  oneShot: HanCurvePoint[];
  iterative: HanCurvePoint[];
}

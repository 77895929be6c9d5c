// The store's shared vocabulary: what a slice's state is made of, and LabState, the union of the slices.
import type { NamedBytes } from '../core/types';
import type { PlanLimits } from '../core/plan/plan';
import type { BatchProgress, CheckpointInfo, SensitivityRow, SweepRequest, TimelineEvent } from '../core/lab/types';
import type { RuntimeSlice } from './runtime-slice';
import type { ModelDataSlice } from './model-data-slice';
import type { PlanSlice } from './plan-slice';
import type { ResultsSlice } from './results-slice';
import type { InspectSlice } from './inspect-slice';
import type { SensitivitySlice } from './sensitivity-slice';
import type { TrainingSlice } from './training-slice';
import type { UiSlice } from './ui-slice';
import type { LayerViewSlice } from './layer-view-slice';
import type { ReportSlice } from './report-slice';

/** A demo folder under public/models/; `<id>.onnx` opens the same demo's model.onnx instead of model.json. */
export type DemoId = 'lenet300' | 'lenet5' | 'vgg' | 'resnet8' | 'resnet8.onnx' | 'mobilenet-fm' | 'mobilenet-fm.onnx';
/** `key`: the demo's name in the catalogue (`app.demo.<key>`); `label`: its English name. */
export const DEMO_MODELS: { id: DemoId; key: DemoKey; label: string }[] = [
  { id: 'lenet300', key: 'lenet300', label: 'LeNet-300-100 (MLP)' },
  { id: 'lenet5', key: 'lenet5', label: 'LeNet-5 (CNN)' },
  { id: 'vgg', key: 'vgg', label: 'VGG-style CNN + BatchNorm' },
  { id: 'resnet8', key: 'resnet8', label: 'ResNet-8 (TF.js)' },
  { id: 'resnet8.onnx', key: 'resnet8Onnx', label: 'ResNet-8 (ONNX)' },
  { id: 'mobilenet-fm', key: 'mobilenet', label: 'MobileNetV2-style (TF.js)' },
  { id: 'mobilenet-fm.onnx', key: 'mobilenetOnnx', label: 'MobileNetV2-style (ONNX)' },
];
type DemoKey = 'lenet300' | 'lenet5' | 'vgg' | 'resnet8' | 'resnet8Onnx' | 'mobilenet' | 'mobilenetOnnx';

export type ModelSource = { kind: 'demo'; id: DemoId } | { kind: 'files'; name: string; files: NamedBytes[] };

export type DataSource = { kind: 'demo' } | { kind: 'files'; files: NamedBytes[] };

export interface Notice {
  id: number;
  level: 'error' | 'info' | 'warning';
  text: string;
}

export type WorkerStatus = 'starting' | 'ready' | 'restarting' | 'failed';

export interface AllLayersOptions {
  /** tensors "Prune all" leaves dense (e.g. the first conv, the classifier) */
  skip: string[];
  /** caps applied to every layer's target */
  limits: PlanLimits;
}

/** Which evaluation is running: the dense model's, or the current plan's. */
export type Evaluating = 'baseline' | 'plan';

/** Long inspect work on the pruned model. */
export type InspectJob = 'latency' | 'thin' | 'export';

export type InspectTab = 'sparsity-table' | 'masks' | 'histogram' | 'cost';

export type Theme = 'light' | 'dark';

export type View = 'prune' | 'sensitivity' | 'schedule';

/** A finished or running sensitivity analysis, or one imported from a CSV. */
export interface SensitivityRun {
  id: number;
  /** 'PruneLab sweep' or the imported file's name */
  label: string;
  source: 'sweep' | 'import';
  request: SweepRequest | null;
  rows: SensitivityRow[];
  status: 'running' | 'done' | 'cancelled' | 'failed';
  notes: string[];
  ms: number | null;
  /** the dense model's figure the rows are compared with (null for imports) */
  baselineTop1: number | null;
}

/** A pruning schedule or Han's experiment running (or run) in the worker. */
export interface TrainingRun {
  kind: 'schedule' | 'han';
  status: 'running' | 'paused' | 'done' | 'cancelled' | 'failed';
  timeline: TimelineEvent[];
  batch: BatchProgress | null;
  statusText: string | null;
  checkpoints: CheckpointInfo[];
  /** the step whose weights the model holds now */
  adoptedStep: number | null;
}

export type LabState = RuntimeSlice &
  ModelDataSlice &
  PlanSlice &
  ResultsSlice &
  InspectSlice &
  SensitivitySlice &
  TrainingSlice &
  UiSlice &
  LayerViewSlice &
  ReportSlice;

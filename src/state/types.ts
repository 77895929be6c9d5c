import type { PrunePlan, TensorMethod } from '../core/plan/plan';
import type { InputScaling } from '../core/types';
import type { BackendRequest, DatasetSummary, EvalFigure, ModelSummary, RuntimeInfo, SparsityReport } from '../worker/protocol';

export type DemoId = 'lenet300' | 'lenet5' | 'vgg';
export const DEMO_MODELS: { id: DemoId; label: string }[] = [
  { id: 'lenet300', label: 'LeNet-300-100 (MLP)' },
  { id: 'lenet5', label: 'LeNet-5 (CNN)' },
  { id: 'vgg', label: 'VGG-style CNN + BatchNorm' },
];

export type ModelSource = { kind: 'demo'; id: DemoId } | { kind: 'files'; name: string; files: { name: string; bytes: ArrayBuffer }[] };

export interface Notice {
  id: number;
  level: 'error' | 'info' | 'warning';
  text: string;
}

export interface RuntimeSlice {
  backendRequest: BackendRequest;
  runtime: RuntimeInfo | null;
  status: 'starting' | 'ready' | 'restarting' | 'failed';
  notices: Notice[];
}

export type DataSource = { kind: 'demo' } | { kind: 'files'; files: { name: string; bytes: ArrayBuffer }[] };

export interface DatasetSlice {
  dataset: DatasetSummary | null;
  dataSource: DataSource;
  scaling: InputScaling;
  /** evaluate on the first N test images; null = all */
  evalLimit: number | null;
}

export interface ModelSlice {
  model: ModelSummary | null;
  source: ModelSource | null;
  loading: string | null;
}

export interface PlanSlice {
  plan: PrunePlan;
  past: PrunePlan[];
}

export interface ResultsSlice {
  baseline: EvalFigure | null;
  quick: EvalFigure | null;
  full: EvalFigure | null;
  sparsity: SparsityReport | null;
  progress: { done: number; total: number } | null;
  /** the evaluation currently running, if any */
  busy: 'baseline' | 'plan' | null;
}

export interface LabActions {
  boot(opts?: { model?: DemoId; backend?: BackendRequest; plan?: PrunePlan; evalLimit?: number | null }): Promise<void>;
  selectDemo(id: DemoId): Promise<void>;
  /** dropped or picked files: a TF.js model (model.json + shards) or an idx dataset (images + labels) */
  openFiles(files: { name: string; bytes: ArrayBuffer }[]): Promise<void>;
  setMethod(name: string, method: TensorMethod): void;
  setAll(method: TensorMethod): void;
  setPlan(plan: PrunePlan): void;
  undo(): void;
  reset(): void;
  cancel(): void;
  setBackend(request: BackendRequest): Promise<void>;
  setScaling(scaling: InputScaling): Promise<void>;
  setEvalLimit(limit: number | null): Promise<void>;
  notify(level: Notice['level'], text: string): void;
  dismiss(id: number): void;
  /** logits of the first n evaluation images (for backend comparisons) */
  predict(n: number): Promise<Float32Array>;
  crashWorkerForTest(kind: 'crash' | 'device-lost'): void;
}

export type LabState = RuntimeSlice & DatasetSlice & ModelSlice & PlanSlice & ResultsSlice & LabActions;

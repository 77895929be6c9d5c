import type { PlanLimits, PrunePlan, TensorMethod } from '../core/plan/plan';
import type { InputScaling } from '../core/types';
import type { BackendRequest, RuntimeInfo } from '../worker/protocol';
import type {
  BatchProgress,
  CheckpointInfo,
  CostReport,
  DatasetSummary,
  EvalFigure,
  HanReport,
  LatencyReport,
  ModelSummary,
  Schedule,
  SensitivityRow,
  SparsityReport,
  SummaryReport,
  SweepRequest,
  TensorMaskView,
  ThinReport,
  TimelineEvent,
  TrainSettings,
} from '../core/lab/types';
import type { NamedBytes } from '../core/types';
import type { CurvePlan, CurvePlanMethod } from '../core/sensitivity/plan-from-curves';
import type { RankingDefaults } from '../core/plan/method-info';

export type DemoId = 'lenet300' | 'lenet5' | 'vgg';
export const DEMO_MODELS: { id: DemoId; label: string }[] = [
  { id: 'lenet300', label: 'LeNet-300-100 (MLP)' },
  { id: 'lenet5', label: 'LeNet-5 (CNN)' },
  { id: 'vgg', label: 'VGG-style CNN + BatchNorm' },
];

export type ModelSource = { kind: 'demo'; id: DemoId } | { kind: 'files'; name: string; files: NamedBytes[] };

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

export type DataSource = { kind: 'demo' } | { kind: 'files'; files: NamedBytes[] };

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

export interface AllLayersOptions {
  /** tensors "Prune all" leaves dense (e.g. the first conv, the classifier) */
  skip: string[];
  /** caps applied to every layer's target */
  limits: PlanLimits;
}

export interface PlanSlice {
  plan: PrunePlan;
  past: PrunePlan[];
  allLayers: AllLayersOptions;
}

export interface ResultsSlice {
  /** the dense model on the full evaluation set */
  baseline: EvalFigure | null;
  /** the dense model on the quick subset the quick estimates use (compare quick with this) */
  baselineQuick: EvalFigure | null;
  quick: EvalFigure | null;
  full: EvalFigure | null;
  sparsity: SparsityReport | null;
  progress: { done: number; total: number } | null;
  /** the evaluation currently running, if any */
  busy: 'baseline' | 'plan' | null;
}

export type InspectTab = 'summary' | 'masks' | 'cost';

/** Derived views of the current pruned model, fetched from the worker when their tab is open. */
export interface InspectSlice {
  inspectTab: InspectTab;
  ranking: RankingDefaults;
  summary: SummaryReport | null;
  maskTensor: string | null;
  maskView: TensorMaskView | null;
  cost: CostReport | null;
  latency: LatencyReport | null;
  thin: ThinReport | null;
  /** long inspect work in progress: 'latency' | 'thin' | 'export' */
  working: string | null;
}

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

export interface SensitivitySlice {
  view: View;
  runs: SensitivityRun[];
  /** the run the charts show */
  activeRun: number | null;
  sweepProgress: { done: number; total: number; tensor: string } | null;
  /** accuracy-drop budget in percentage points */
  budget: number;
  proposal: CurvePlan | null;
  /** the measured top-1 of the applied proposal (full figure), next to its prediction */
  proposalMeasured: { predictedTop1: number; measuredTop1: number | null } | null;
}

export interface ScheduleSlice {
  /** the schedule being edited (the preview is derived from it) */
  schedule: Schedule;
  scheduleEpochs: number;
  train: TrainSettings;
  run: {
    kind: 'schedule' | 'han';
    status: 'running' | 'paused' | 'done' | 'cancelled' | 'failed';
    timeline: TimelineEvent[];
    batch: BatchProgress | null;
    statusText: string | null;
    checkpoints: CheckpointInfo[];
    /** the step whose weights the model holds now */
    adoptedStep: number | null;
  } | null;
  han: HanReport | null;
}

export interface LabActions {
  setSchedule(schedule: Schedule, epochs?: number): void;
  setTrain(patch: Partial<TrainSettings>): void;
  /** imports a Distiller YAML schedule (errors name the line) */
  importScheduleYaml(name: string, text: string): void;
  exportScheduleYaml(): string | null;
  startScheduleRun(): Promise<void>;
  startHanExperiment(): Promise<void>;
  pauseRun(): void;
  resumeRun(): void;
  cancelRun(): void;
  restoreCheckpoint(step: number): Promise<void>;
  setView(view: View): void;
  startSweep(request: SweepRequest): Promise<void>;
  cancelSweep(): void;
  /** imports a Distiller sensitivity CSV to view and compare */
  importSensitivityCsv(name: string, text: string): void;
  selectRun(id: number): void;
  setBudget(pp: number): void;
  proposePlan(method: CurvePlanMethod): void;
  /** applies the proposal as level pruning and measures its real accuracy */
  applyProposal(): void;
  setInspectTab(tab: InspectTab): void;
  setRanking(r: Partial<RankingDefaults>): void;
  showMask(name: string): Promise<void>;
  refreshInspect(): Promise<void>;
  measureLatency(): Promise<void>;
  thinModel(): Promise<void>;
  exportPruned(): Promise<NamedBytes[] | null>;
  boot(opts?: { model?: DemoId; backend?: BackendRequest; plan?: PrunePlan; evalLimit?: number | null }): Promise<void>;
  selectDemo(id: DemoId): Promise<void>;
  /** dropped or picked files: a TF.js model (model.json + shards) or an idx dataset (images + labels) */
  openFiles(files: NamedBytes[]): Promise<void>;
  setMethod(name: string, method: TensorMethod): void;
  /**
   * "Prune all": `method` on every tensor it applies to (see core pruneAllScope); the skip list stays
   * dense, the limits in `allLayers` go into the plan, and a note names an output layer left out
   */
  pruneAll(method: TensorMethod): void;
  setAllLayersOptions(patch: Partial<AllLayersOptions>): void;
  /** `key` names the control: a burst of edits with the same key is one undo step */
  setPlan(plan: PrunePlan, key?: string): void;
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

export type LabState = RuntimeSlice &
  DatasetSlice &
  ModelSlice &
  PlanSlice &
  ResultsSlice &
  InspectSlice &
  SensitivitySlice &
  ScheduleSlice &
  LabActions;

// The transport between the main thread and the lab worker: the remote API over the lab service,
// and the messages posted outside it. The domain types live in src/core/lab/types.ts.
import type { BackendName, BackendProbe } from '../core/runtime/backend-choice';
import type { JobOutcome } from '../core/lab/outcome';
import type * as L from '../core/lab/types';
import type { PrunePlan, TensorMethod } from '../core/plan/plan';
import type { WeightHistogram } from '../core/inspect/weight-histogram';
import type { InputMapping } from '../core/data/input-mapping';
import type { SampleView } from '../core/lab/data-samples';
import type { NamedBytes } from '../core/types';

export type BackendRequest = 'auto' | BackendName;

export interface RuntimeInfo {
  backend: BackendName;
  requested: BackendRequest;
  reason: string;
  /** human description of the WebGPU adapter when one exists */
  adapter?: string;
  softwareAdapter?: boolean;
  probes: BackendProbe[];
  /** Threads the backend computes on (wasm: its XNNPACK pool; 1 elsewhere). */
  threads?: number;
  /** Whether the page is cross-origin isolated, which threads need. */
  isolated?: boolean;
}

export interface LabApi {
  init(request: BackendRequest): Promise<RuntimeInfo>;
  loadDemoData(baseUrl: string): Promise<L.DatasetInfo>;
  /** a dataset from dropped or picked files (names are paths inside a dropped folder); images decode here */
  loadDataFiles(
    files: NamedBytes[],
    onProgress?: (done: number, total: number) => void,
    /** makes the decoding a job that cancel(jobId) stops; the data loaded before stays */
    jobId?: number,
  ): Promise<{ dataset: L.DatasetInfo; dataFit: L.DataFit | null; mapping: InputMapping | null }>;
  /** an idx pair (images + labels) fine-tuning trains on; the test set stays */
  loadTrainFiles(files: NamedBytes[]): Promise<L.TrainingSetInfo>;
  loadDemoModel(baseUrl: string, id: string): Promise<L.ModelInfo>;
  loadModelFiles(files: NamedBytes[]): Promise<L.ModelInfo>;
  setEvalSettings(settings: L.EvalSettings): Promise<L.DataStatus | null>;
  /** the dense model on the full set and on the quick subset (cached per model + settings) */
  baseline(jobId: number, onEvent: (e: L.JobEvent) => void): Promise<JobOutcome<L.DenseFigures | null, null>>;
  /** applies the plan's masks (dense weights kept) and evaluates; a newer plan supersedes (cancels) this one */
  applyPlan(
    plan: PrunePlan,
    jobId: number,
    onEvent: (e: L.JobEvent) => void,
  ): Promise<JobOutcome<L.PlanResult, L.PlanPartial>>;
  cancel(jobId: number): void;
  sweep(
    request: L.SweepRequest,
    jobId: number,
    onEvent: (e: L.SweepEvent) => void,
  ): Promise<JobOutcome<L.SweepResult, L.SweepResult>>;
  runSchedule(
    request: L.ScheduleRequest,
    jobId: number,
    onEvent: (e: L.RunEvent) => void,
  ): Promise<JobOutcome<L.RunReport, L.RunReport>>;
  runHan(jobId: number, onEvent: (e: L.RunEvent) => void): Promise<JobOutcome<L.HanReport, L.HanPartial>>;
  pauseRun(): void;
  resumeRun(): void;
  restoreCheckpoint(step: number): Promise<void>;
  sparsityTable(): Promise<L.SparsityTable>;
  maskView(name: string): Promise<L.TensorMaskView>;
  /** one tensor's weight histogram (dense and kept counts, ±λ of `method`); the weights stay in the worker */
  histogram(name: string, method: TensorMethod): Promise<WeightHistogram>;
  cost(): Promise<L.CostReport>;
  latency(): Promise<L.LatencyReport>;
  thin(jobId: number): Promise<JobOutcome<L.ThinReport, null>>;
  exportPruned(): Promise<NamedBytes[]>;
  predict(n: number): Promise<Float32Array>;
  /** a few examples as pictures, with label and prediction, for the input-mapping step */
  samples(count: number): Promise<SampleView[]>;
  /** test hooks for recovery paths */
  crashForTest(): void;
  loseDeviceForTest(): void;
}

/**
 * A started lab worker as the main thread holds it: its LabApi calls (a remote call answers through a
 * promise, a local fake may answer at once) and a way to stop it.
 */
export interface LabWorker {
  api: {
    [K in keyof LabApi]: (
      ...args: Parameters<LabApi[K]>
    ) => Promise<Awaited<ReturnType<LabApi[K]>>> | ReturnType<LabApi[K]>;
  };
  terminate(): void;
}

/** Why a worker stopped: reported once, when it dies or loses its GPU device. */
export type WorkerTrouble = { kind: 'crashed' | 'device-lost'; message: string };

/** Messages the worker posts outside the RPC channel. */
export type WorkerNotice = { type: 'prunelab:device-lost'; message: string };

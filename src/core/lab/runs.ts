// Training jobs of the lab: a pruning schedule with masked fine-tuning, and Han et al.'s
// experiment. Their fine-tuned weights become the model's new dense checkpoint; a cancelled
// schedule keeps the steps it finished, a cancelled experiment gives the starting weights back.
import type * as tf from '@tensorflow/tfjs';
import { requireLayersModel } from '../engine/model-engine';
import { CancelledError, evaluate } from '../eval/evaluate';
import { runMasksOnly } from '../schedule/masks-only-run';
import { denseTeacherLogits, hanExperiment } from '../schedule/han-experiment';
import { retrainingLoss } from '../schedule/retraining-loss';
import { runSchedule, type Checkpoint, type TimelineEvent } from '../schedule/run-schedule';
import { masksOf, restoreWeights, snapshotWeights, type WeightSnapshot } from '../training/checkpoint';
import type { DistillOptions, OptimizerSpec } from '../training/masked-trainer';
import { PauseGate } from '../training/pause-gate';
import type { LabContext } from './lab-context';
import { LabRefusal, outcomeOf, type JobOutcome } from './outcome';
import { planFromMasks } from './plan-from-masks';
import type {
  CheckpointInfo,
  HanPartial,
  HanReport,
  HanRequest,
  ModelInfo,
  RunEvent,
  RunReport,
  ScheduleRequest,
  TrainSettings,
} from './types';

export class TrainingRuns {
  private checkpoints: Checkpoint[] = [];
  private gate: PauseGate | null = null;

  constructor(private readonly lab: LabContext) {}

  /** `teacher`: distillation from logits computed before (rows = the training images the run uses). */
  async schedule(
    request: ScheduleRequest,
    signal: AbortSignal,
    onEvent: (e: RunEvent) => void,
    teacher?: DistillOptions,
  ): Promise<JobOutcome<RunReport, RunReport>> {
    const timeline: TimelineEvent[] = [];
    const kept: Checkpoint[] = [];
    if (!this.lab.current().engine.capabilities.canTrain)
      return outcomeOf(
        () => this.masksOnly(request, signal, onEvent, timeline),
        () => ({ timeline, checkpoints: [], adoptedStep: null, masks: {} }),
      );
    return outcomeOf(
      async () => {
        const prepared = await this.prepare('a schedule run', onEvent, signal);
        const { model, masked, test, outputs, distill } = prepared;
        // the first `trainImages` examples only (a quick run); the slices are this run's to dispose
        const n = request.trainImages;
        const train =
          n && n < prepared.train.x.shape[0]
            ? { x: prepared.train.x.slice(0, n), y: prepared.train.y.slice(0, n), sliced: true }
            : { ...prepared.train, sliced: false };
        this.gate = new PauseGate();
        try {
          const result = await runSchedule(model, train, test, request.schedule, {
            epochs: request.epochs,
            optimizer: optimizerSpec(request.train),
            batchSize: request.train.batchSize,
            weightDecay: request.train.weightDecay,
            seed: request.seed,
            initialMasks: masksOf(masked),
            outputs,
            distill: distill ?? teacher,
            checkpoints: request.checkpoints === 'final' ? 'none' : 'all',
            gate: this.gate,
            signal,
            onCheckpoint: (c) => {
              kept.push(c);
              onEvent({ type: 'checkpoint', step: c.step, weights: c.weights });
            },
            onEvent: (event) => {
              timeline.push(event);
              onEvent({ type: 'timeline', event });
            },
            onBatch: throttle((progress) => onEvent({ type: 'batch', progress }), 100),
          });
          let thinnedModel: ModelInfo | undefined;
          if (result.thinnedModel) {
            // checkpoints before the last thinning hold the larger model's shapes
            const lastThin = Math.max(...timeline.filter((e) => e.kind === 'thin').map((e) => e.step));
            this.checkpoints = result.checkpoints.filter((c) => c.step >= lastThin);
            thinnedModel = await this.lab.adoptThinnedModel(result.thinnedModel);
          } else {
            this.checkpoints = result.checkpoints;
            await this.lab.adoptCurrentWeights();
          }
          return {
            timeline,
            checkpoints: this.checkpointInfo(timeline),
            adoptedStep: result.final.step,
            masks: Object.fromEntries(result.masks),
            ...(thinnedModel ? { thinnedModel } : {}),
          };
        } finally {
          this.gate = null;
          if (train.sliced) {
            train.x.dispose();
            train.y.dispose();
          }
        }
      },
      async () => {
        const { engine, masked } = this.lab.current();
        // a cancelled run's thinned model is gone: the steps before its first thinning fit the model
        const firstThin = timeline.find((e) => e.kind === 'thin')?.step ?? Infinity;
        const fits = kept.filter((c) => c.step < firstThin);
        if (fits.length) {
          // the last finished step becomes the model's weights
          this.checkpoints = fits;
          const last = fits[fits.length - 1];
          restoreWeights(requireLayersModel(engine, 'a schedule run'), last.weights);
          await this.lab.adoptCurrentWeights(last.weights);
          return {
            timeline,
            checkpoints: this.checkpointInfo(timeline),
            adoptedStep: last.step,
            masks: Object.fromEntries(last.masks),
          };
        }
        // nothing finished: the weights the run started from are still the masked model's
        for (const t of masked.tensors) masked.setMask(t.name, masked.getMask(t.name));
        await masked.apply();
        return { timeline, checkpoints: [], adoptedStep: null, masks: {} };
      },
    );
  }

  async han(
    request: HanRequest,
    signal: AbortSignal,
    onEvent: (e: RunEvent) => void,
  ): Promise<JobOutcome<HanReport, HanPartial>> {
    const partial: HanPartial = { dense: null, oneShot: [], iterative: [] };
    let start: WeightSnapshot | null = null;
    return outcomeOf(
      async () => {
        const { model, test, train, distill } = await this.prepare('the Han experiment', onEvent, signal);
        if (distill) throw new LabRefusal('the Han experiment needs labelled data that fits the model');
        // Han's plain retraining on a full training set, distillation on the shipped subset
        const retraining = retrainingLoss(train.x.shape[0], request.distill);
        start = await snapshotWeights(model);
        this.gate = new PauseGate();
        try {
          const { timeline: _timeline, ...result } = await hanExperiment(model, train, test, {
            ...request,
            distill: retraining.distill,
            gate: this.gate,
            signal,
            onEvent: (event) => onEvent({ type: 'timeline', event }),
            onBatch: throttle((progress) => onEvent({ type: 'batch', progress }), 100),
            onPoint: (arm, point) => {
              if (arm === 'dense') partial.dense = point.metrics;
              else if (arm === 'one-shot') partial.oneShot.push(point);
              else partial.iterative.push(point);
            },
          });
          await this.lab.adoptCurrentWeights();
          return { ...result, retraining };
        } catch (e) {
          restoreWeights(model, start);
          await this.lab.adoptCurrentWeights(start);
          throw e;
        } finally {
          this.gate = null;
        }
      },
      () => partial,
    );
  }

  /**
   * A model that cannot train (ONNX): the pruning policies act at their epochs with no fine-tuning;
   * each step is evaluated, and the final masks stay on the model (its dense weights do not change).
   */
  private async masksOnly(
    request: ScheduleRequest,
    signal: AbortSignal,
    onEvent: (e: RunEvent) => void,
    timeline: TimelineEvent[],
  ): Promise<RunReport> {
    const { engine, masked } = this.lab.current();
    const data = await this.lab.measured(signal);
    if (!data) throw new LabRefusal(`no test data fits this model: ${this.lab.dataFitReason()}`);
    const record = async (e: Pick<TimelineEvent, 'epoch' | 'kind' | 'rules'>, sparsity: Record<string, number>) => {
      if (signal.aborted) throw new CancelledError();
      const metrics = await evaluate(engine, data.full(), { outputs: engine.outputs, signal });
      const values = Object.values(sparsity);
      const sizes = masked.tensors.map((t) => t.size);
      const total = sizes.reduce((a, b) => a + b, 0);
      const event: TimelineEvent = {
        ...e,
        step: timeline.length,
        metrics,
        sparsity,
        totalSparsity: total ? masked.tensors.reduce((a, t, i) => a + (values[i] ?? 0) * t.size, 0) / total : 0,
        revived: 0,
        prunedNonZero: 0,
      };
      timeline.push(event);
      onEvent({ type: 'timeline', event });
    };
    const initialMasks = new Map<string, Uint8Array>();
    for (const t of masked.tensors) {
      const m = masked.getMask(t.name);
      if (m) initialMasks.set(t.name, m);
    }
    const zeroFraction = (m: Uint8Array | undefined) => (m ? 1 - m.reduce((a, b) => a + b, 0) / m.length : 0);
    await record(
      { epoch: 0, kind: 'start' },
      Object.fromEntries(masked.tensors.map((t) => [t.name, zeroFraction(initialMasks.get(t.name))])),
    );
    const result = await runMasksOnly(
      masked.tensors.map((t) => ({
        name: t.name,
        layout: { shape: t.shape, axes: t.axes },
        values: masked.dense(t.name),
      })),
      request.schedule,
      {
        epochs: request.epochs,
        seed: request.seed,
        initialMasks,
        onStep: async (step, masks) => {
          for (const [name, m] of masks) masked.setMask(name, m);
          await masked.apply();
          await record({ epoch: step.epoch, kind: 'prune', rules: step.rules }, step.sparsity);
        },
      },
    );
    for (const text of result.notes) onEvent({ type: 'status', text });
    const plan = planFromMasks(result.masks, {
      tensors: this.lab.current().info.tensors,
      dense: (n) => masked.dense(n),
      graph: engine.channelGraph(),
    });
    if (!plan) {
      // no plan describes these masks: the pruned weights become the dense ones, so no plan undoes them
      await this.lab.adoptCurrentWeights();
      onEvent({
        type: 'status',
        text: "no pruning plan describes the run's masks: its pruned weights are now the model's",
      });
    }
    return {
      timeline,
      checkpoints: [],
      adoptedStep: null,
      masks: Object.fromEntries(result.masks),
      ...(plan ? { plan } : {}),
    };
  }

  pause(): void {
    this.gate?.pause();
  }

  /** The current model's logits on the first `n` training images (all: undefined); the caller disposes them. */
  async trainingLogits(n?: number): Promise<tf.Tensor> {
    const model = requireLayersModel(this.lab.current().engine, 'distillation');
    const train = await this.lab.trainTensors();
    if (!n || n >= train.x.shape[0]) return denseTeacherLogits(model, train.x, 256);
    const x = train.x.slice(0, n);
    try {
      return denseTeacherLogits(model, x, 256);
    } finally {
      x.dispose();
    }
  }

  resume(): void {
    this.gate?.resume();
  }

  async restore(step: number): Promise<void> {
    const cp = this.checkpoints.find((c) => c.step === step);
    if (!cp) throw new Error(`no checkpoint for step ${step}`);
    await this.adopt(cp.weights);
  }

  /** Kept weights (a checkpoint the page held over a worker restart) become the model's dense weights. */
  async adopt(weights: WeightSnapshot): Promise<void> {
    restoreWeights(requireLayersModel(this.lab.current().engine, 'restoring a checkpoint'), weights);
    await this.lab.adoptCurrentWeights(weights);
  }

  /** A new model: its checkpoints belong to the old one. */
  forget(): void {
    this.checkpoints = [];
  }

  /**
   * The model, the test data as measured and the training data. Without labels that fit, fine-tuning
   * distils the dense model: the loss is KL(dense || pruned) on the evaluation images (alpha 0).
   */
  private async prepare(what: string, onEvent: (e: RunEvent) => void, signal: AbortSignal) {
    const { engine, masked, info } = this.lab.current();
    if (!engine.capabilities.canTrain) throw new LabRefusal(`${what} needs a model that can train`);
    const model = requireLayersModel(engine, what);
    const data = await this.lab.measured(signal);
    if (!data) throw new LabRefusal(`no test data fits this model: ${this.lab.dataFitReason()}`);
    const test = data.full();
    if (test.reference) {
      onEvent({
        type: 'status',
        text:
          `no labels fit the model (${this.lab.dataFitReason()}): measuring agreement with the dense model, ` +
          `fine-tuning by distillation from it on the evaluation images`,
      });
      const distill: DistillOptions = { teacherLogits: test.reference, temperature: 1, alpha: 0 };
      return { model, masked, test, train: { x: test.x, y: test.y }, outputs: info.outputs, distill };
    }
    onEvent({ type: 'status', text: 'loading the training subset…' });
    const train = await this.lab.trainTensors();
    return { model, masked, test, train, outputs: info.outputs, distill: undefined };
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

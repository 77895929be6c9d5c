// The epoch loop of a pruning schedule, with Distiller's semantics: at a pruning epoch each due
// rule computes a mask from the tensor's CURRENT weights (already masked and fine-tuned), the
// target is absolute, and a new mask is ANDed with the old one (a weight once pruned stays pruned
// within a run). Then one epoch of masked fine-tuning; the test set is evaluated after every
// pruning step and every epoch.
import * as tf from '@tensorflow/tfjs';
import { CancelledError, detectOutputKind, evaluate, type EvalData, type OutputKind } from '../eval/evaluate';
import { prunableTensors } from '../engine/tfjs-layers/model-introspect';
import { layoutOf, sampleStd, splicingStats, type SplicingStats, type TensorLayout } from '../pruning';
import type { ChannelStats } from '../training/activation-stats';
import { snapshotWeights, restoreWeights, type WeightSnapshot } from '../training/checkpoint';
import {
  MaskedTrainer,
  type BatchProgress,
  type DistillOptions,
  type OptimizerSpec,
  type TrainData,
} from '../training/masked-trainer';
import { PauseGate } from '../training/pause-gate';
import type { Convention, Metrics } from '../types';
import { trainingChannelStats, trainingGradients } from './layers-measures';
import { mergeRuleMask, ruleMasks, type MaskContext, type RuleTensor } from './rule-masks';
import { ruleEpochs, ruleTensors, ScheduleError, validateSchedule, type Schedule } from './schedule';
import { ScheduleTraining } from './schedule-training';

export interface TimelineEvent {
  /** Epoch the event belongs to: a prune event happens at the start of it, an epoch event at its end. */
  epoch: number;
  /** Running index of events (0 = the start event); checkpoints[step] holds the state after it. */
  step: number;
  kind: 'start' | 'prune' | 'epoch';
  metrics: Metrics;
  /** Fraction of exact zeros per prunable tensor, read from the model's variables. */
  sparsity: Record<string, number>;
  /** Over all prunable tensors. */
  totalSparsity: number;
  /** Epoch events: masked positions revived by optimizer steps (summed over batches) before re-masking. */
  revived: number;
  /** Masked positions non-zero after re-masking (read from the variables): 0. */
  prunedNonZero: number;
  /** Epoch events: mean training loss (with the regularization term when one is active). */
  trainLoss?: number;
  /** Epoch events: the active regularizers' loss on the weights at the end of the epoch. */
  regularizationLoss?: number;
  /** Epoch events: the learning rate of the epoch. */
  lr?: number;
  /** Prune events: the rules that fired. */
  rules?: string[];
}

export interface Checkpoint {
  step: number;
  epoch: number;
  kind: TimelineEvent['kind'];
  weights: WeightSnapshot;
  masks: Map<string, Uint8Array>;
}

export interface RunScheduleOptions {
  epochs: number;
  optimizer: OptimizerSpec;
  batchSize?: number;
  weightDecay?: number;
  seed?: number;
  /** Counting convention of level / structured masks (default 'distiller'). */
  convention?: Convention;
  outputs?: OutputKind;
  evalBatchSize?: number;
  /** 'all' (default): weights + masks after every event; 'none' keeps only the final state. */
  checkpoints?: 'all' | 'none';
  /** Distillation from a fixed teacher in the fine-tuning loss (label-free data: alpha 0); default none. */
  distill?: DistillOptions;
  /** Masks already in force at the start (e.g. from the lab); default none. */
  initialMasks?: ReadonlyMap<string, Uint8Array>;
  onEvent?: (e: TimelineEvent) => void;
  /** Each checkpoint as it is kept, so a cancelled run's caller still has the finished steps. */
  onCheckpoint?: (c: Checkpoint) => void;
  onBatch?: (p: BatchProgress) => void;
  gate?: PauseGate;
  signal?: AbortSignal;
}

export interface ScheduleRunResult {
  timeline: TimelineEvent[];
  checkpoints: Checkpoint[];
  masks: Map<string, Uint8Array>;
  final: TimelineEvent;
}

interface TensorRef extends RuleTensor {
  shape: number[];
  layerName: string;
  variable: tf.Variable;
}

async function sparsityOf(tensors: TensorRef[]): Promise<{ perTensor: Record<string, number>; total: number }> {
  const perTensor: Record<string, number> = {};
  let zeros = 0;
  let numel = 0;
  for (const t of tensors) {
    const v = await t.variable.data();
    let z = 0;
    for (let i = 0; i < v.length; i++) if (v[i] === 0) z++;
    perTensor[t.name] = v.length ? z / v.length : 0;
    zeros += z;
    numel += v.length;
  }
  return { perTensor, total: numel ? zeros / numel : 0 };
}

function copyMasks(masks: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  return new Map([...masks].map(([k, v]) => [k, v.slice()]));
}

/** Runs `schedule` on `model` in place (weights end fine-tuned and masked). */
export async function runSchedule(
  model: tf.LayersModel,
  trainData: TrainData,
  testData: EvalData,
  schedule: Schedule,
  opts: RunScheduleOptions,
): Promise<ScheduleRunResult> {
  validateSchedule(schedule);
  if (!Number.isInteger(opts.epochs) || opts.epochs < 0)
    throw new ScheduleError(`epochs must be an integer >= 0; got ${opts.epochs}`);
  const convention = opts.convention ?? 'distiller';
  const variables = new Map(model.weights.map((w) => [w.originalName, w.read() as tf.Variable]));
  const tensors: TensorRef[] = prunableTensors(model).map((t) => {
    const variable = variables.get(t.name) as tf.Variable;
    const layout: TensorLayout = layoutOf(t.shape);
    return {
      name: t.name,
      shape: t.shape,
      layout,
      layerName: t.layerName,
      variable,
      read: async () => (await variable.data()) as Float32Array,
    };
  });
  const names = tensors.map((t) => t.name);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const layouts = new Map(tensors.map((t) => [t.name, t.layout]));
  const plan = schedule.rules.map((rule) => ({
    rule,
    tensors: ruleTensors(rule, names),
    epochs: new Set(ruleEpochs(rule)),
  }));

  const masks = copyMasks(opts.initialMasks ?? new Map());
  for (const name of masks.keys())
    if (!byName.has(name)) throw new ScheduleError(`initial mask for "${name}": not a prunable tensor of this model`);
  // Sensitivity thresholds use the std of the dense weights, measured once (Distiller caches it).
  const sigmas = new Map<string, number>();
  const denseStd = async (name: string) => {
    if (!sigmas.has(name)) sigmas.set(name, sampleStd(await (byName.get(name) as TensorRef).variable.data()));
    return sigmas.get(name) as number;
  };
  for (const { rule, tensors: ts } of plan)
    if (rule.pruner.kind === 'sensitivity') for (const t of ts) await denseStd(t);
  const spliced = new Map<string, SplicingStats>();
  const baseLr = opts.optimizer.lr;
  const training = new ScheduleTraining(schedule, new Map(tensors.map((t) => [t.name, t.variable])), baseLr);
  /** Statistics of the training data for the pruners that rank by them, measured once per pruning epoch. */
  const measuresAt = (epoch: number): MaskContext => {
    let stats: Promise<Map<string, ChannelStats>> | null = null;
    let grads: Promise<Map<string, Float32Array>> | null = null;
    const ranked = tensors.filter((t) => plan.some((p) => p.epochs.has(epoch) && p.tensors.includes(t.name)));
    return {
      epoch,
      convention,
      seed: opts.seed ?? 0,
      denseStd,
      splicingStats: async (rule, name) => {
        const key = `${rule}/${name}`;
        if (!spliced.has(key)) spliced.set(key, splicingStats(await (byName.get(name) as TensorRef).read()));
        return spliced.get(key) as SplicingStats;
      },
      channelStats: async (name) => {
        stats ??= trainingChannelStats(
          model,
          ranked.map((t) => t.layerName),
          trainData,
        );
        return (await stats).get((byName.get(name) as TensorRef).layerName) as ChannelStats;
      },
      gradient: async (name) => {
        grads ??= trainingGradients(
          model,
          new Map(ranked.map((t) => [t.name, t.variable])),
          trainData,
          opts.outputs ?? detectOutputKind(model),
        );
        return (await grads).get(name) as Float32Array;
      },
    };
  };

  const timeline: TimelineEvent[] = [];
  const checkpoints: Checkpoint[] = [];
  const trainer = new MaskedTrainer(model, {
    optimizer: opts.optimizer,
    batchSize: opts.batchSize,
    weightDecay: opts.weightDecay,
    seed: opts.seed,
    outputs: opts.outputs,
    ...(training.hasRegularizers ? { extraLoss: training.extraLoss } : {}),
    ...(opts.distill ? { distill: opts.distill } : {}),
  });
  const evalOpts = { batchSize: opts.evalBatchSize, outputs: opts.outputs, signal: opts.signal };
  const record = async (
    e: Omit<TimelineEvent, 'step' | 'metrics' | 'sparsity' | 'totalSparsity' | 'prunedNonZero'>,
  ) => {
    const metrics = await evaluate(model, testData, evalOpts);
    const { perTensor, total } = await sparsityOf(tensors);
    const event: TimelineEvent = {
      ...e,
      step: timeline.length,
      metrics,
      sparsity: perTensor,
      totalSparsity: total,
      prunedNonZero: await trainer.countPrunedNonZero(),
    };
    timeline.push(event);
    if ((opts.checkpoints ?? 'all') === 'all') {
      const kept: Checkpoint = {
        step: event.step,
        epoch: event.epoch,
        kind: event.kind,
        weights: await snapshotWeights(model),
        masks: copyMasks(masks),
      };
      checkpoints.push(kept);
      opts.onCheckpoint?.(kept);
    }
    opts.onEvent?.(event);
    return event;
  };
  const checkpoint = async () => {
    await opts.gate?.wait(opts.signal);
    if (opts.signal?.aborted) throw new CancelledError();
  };

  try {
    trainer.setMasks(masks);
    trainer.applyMasks();
    await record({ epoch: 0, kind: 'start', revived: 0 });
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      await checkpoint();
      const fired: string[] = [];
      const ctx = measuresAt(epoch);
      for (const { rule, tensors: ts, epochs } of plan) {
        if (!epochs.has(epoch)) continue;
        fired.push(rule.name);
        const fresh = await ruleMasks(
          rule,
          ts.map((n) => byName.get(n) as TensorRef),
          ctx,
          masks,
        );
        for (const [name, m] of fresh) {
          // DropFilter's rescaled mask, applied to the weights once
          if (m.scale !== undefined) {
            const v = (byName.get(name) as TensorRef).variable;
            tf.tidy(() => v.assign(tf.mul(v, m.scale as number)));
          }
          masks.set(name, mergeRuleMask(masks.get(name), m));
        }
      }
      if (fired.length > 0) {
        trainer.setMasks(masks);
        trainer.applyMasks();
        await record({ epoch, kind: 'prune', revived: 0, rules: fired });
      }
      await checkpoint();
      const lr = training.beginEpoch(epoch) ?? undefined;
      // a scheduler may reach 0 (cosine annealing to eta_min 0); the optimizer needs a rate > 0
      if (lr !== undefined) trainer.setLearningRate(Math.max(lr, Number.MIN_VALUE));
      const r = await trainer.trainEpoch(trainData, epoch, {
        onBatch: opts.onBatch,
        gate: opts.gate,
        signal: opts.signal,
      });
      const regularizationLoss = await training.regularizationLoss();
      if (await training.endEpoch(epoch, layouts, masks)) {
        trainer.setMasks(masks);
        trainer.applyMasks();
      }
      const e = await record({
        epoch,
        kind: 'epoch',
        revived: r.revivedBeforeRemask,
        trainLoss: r.loss,
        ...(regularizationLoss !== undefined ? { regularizationLoss } : {}),
        lr: lr ?? baseLr,
      });
      training.observe(epoch, e.metrics.loss);
    }
    if ((opts.checkpoints ?? 'all') === 'none') {
      checkpoints.push({
        step: timeline.length - 1,
        epoch: opts.epochs,
        kind: timeline[timeline.length - 1].kind,
        weights: await snapshotWeights(model),
        masks: copyMasks(masks),
      });
    }
    return { timeline, checkpoints, masks, final: timeline[timeline.length - 1] };
  } finally {
    trainer.dispose();
  }
}

/** Puts a checkpoint's weights back into the model (e.g. to inspect or export an earlier step). */
export function restoreCheckpoint(model: tf.LayersModel, checkpoint: Checkpoint): void {
  restoreWeights(model, checkpoint.weights);
}

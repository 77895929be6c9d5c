// The epoch loop of a pruning schedule, with Distiller's semantics: at a pruning epoch each due
// rule computes a mask from the tensor's CURRENT weights (already masked and fine-tuned), the
// target is absolute, and a new mask is ANDed with the old one (a weight once pruned stays pruned
// within a run). Then one epoch of masked fine-tuning; the test set is evaluated after every
// pruning step and every epoch.
import * as tf from '@tensorflow/tfjs';
import { CancelledError, evaluate, type EvalData, type OutputKind } from '../evaluate';
import { prunableTensors } from '../model-introspect';
import {
  andMasks,
  levelMask,
  magnitudeMask,
  maskFromStructures,
  sampleStd,
  sensitivityThreshold,
  structuredMask,
} from '../pruning';
import { snapshotWeights, restoreWeights, type WeightSnapshot } from '../training/checkpoint';
import { MaskedTrainer, type BatchProgress, type OptimizerSpec, type TrainData } from '../training/masked-trainer';
import { PauseGate } from '../training/pause-gate';
import type { Convention, Metrics } from '../types';
import {
  ruleEpochs,
  ruleTarget,
  ruleTensors,
  ScheduleError,
  validateSchedule,
  type PrunerConfig,
  type Schedule,
  type ScheduleGroup,
  type ScheduleRule,
} from './schedule';

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
  /** Epoch events: mean training loss. */
  trainLoss?: number;
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

interface TensorRef {
  name: string;
  shape: number[];
  variable: tf.Variable;
}

/** The structures a rule ranks, or null for element-wise rules. */
function structureOf(p: PrunerConfig): { group: ScheduleGroup; norm: 'l1' | 'l2'; leader: boolean } | null {
  if (p.kind === 'structured') return { group: p.group, norm: p.norm, leader: p.groupDependency === 'leader' };
  if (p.kind === 'agp' && p.structure)
    return {
      group: p.structure.group,
      norm: p.structure.norm ?? 'l1',
      leader: p.structure.groupDependency === 'leader',
    };
  return null;
}

/** Mask a rule asks for, computed on the current weights `w`. */
function ruleMask(
  rule: ScheduleRule,
  t: TensorRef,
  epoch: number,
  w: Float32Array,
  sigma: () => number,
  convention: Convention,
): Uint8Array {
  const p = rule.pruner;
  if (p.kind === 'magnitude') return magnitudeMask(w, (p.thresholds[t.name] ?? p.thresholds['*']) as number);
  if (p.kind === 'sensitivity') {
    return magnitudeMask(w, sensitivityThreshold((p.sensitivities[t.name] ?? p.sensitivities['*']) as number, sigma()));
  }
  const target = ruleTarget(rule, t.name, epoch) as number;
  const structure = structureOf(p);
  if (structure) return structuredMask(w, t.shape, structure.group, target, { norm: structure.norm, convention }).mask;
  return levelMask(w, target, convention);
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
  const tensors: TensorRef[] = prunableTensors(model).map((t) => ({
    name: t.name,
    shape: t.shape,
    variable: variables.get(t.name) as tf.Variable,
  }));
  const names = tensors.map((t) => t.name);
  const byName = new Map(tensors.map((t) => [t.name, t]));
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

  const timeline: TimelineEvent[] = [];
  const checkpoints: Checkpoint[] = [];
  const trainer = new MaskedTrainer(model, {
    optimizer: opts.optimizer,
    batchSize: opts.batchSize,
    weightDecay: opts.weightDecay,
    seed: opts.seed,
    outputs: opts.outputs,
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
      for (const { rule, tensors: ts, epochs } of plan) {
        if (!epochs.has(epoch)) continue;
        fired.push(rule.name);
        // group_dependency Leader: the first tensor's ranking chooses the structures of all of them.
        const structure = structureOf(rule.pruner);
        let leaderChoice: number[] | null = null;
        if (structure?.leader && ts.length > 0) {
          const lead = byName.get(ts[0]) as TensorRef;
          const target = ruleTarget(rule, lead.name, epoch) as number;
          const w = (await lead.variable.data()) as Float32Array;
          leaderChoice = structuredMask(w, lead.shape, structure.group, target, {
            norm: structure.norm,
            convention,
          }).pruned;
        }
        for (const name of ts) {
          const t = byName.get(name) as TensorRef;
          const w = (await t.variable.data()) as Float32Array;
          const sigma = sigmas.get(name);
          const fresh =
            structure && leaderChoice
              ? maskFromStructures(t.shape, structure.group, leaderChoice)
              : ruleMask(rule, t, epoch, w, () => sigma as number, convention);
          const old = masks.get(name);
          masks.set(name, old ? andMasks(old, fresh) : fresh);
        }
      }
      if (fired.length > 0) {
        trainer.setMasks(masks);
        trainer.applyMasks();
        await record({ epoch, kind: 'prune', revived: 0, rules: fired });
      }
      await checkpoint();
      const r = await trainer.trainEpoch(trainData, epoch, {
        onBatch: opts.onBatch,
        gate: opts.gate,
        signal: opts.signal,
      });
      await record({ epoch, kind: 'epoch', revived: r.revivedBeforeRemask, trainLoss: r.loss });
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

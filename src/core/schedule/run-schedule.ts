// The epoch loop of a pruning schedule, with Distiller's semantics: at a pruning epoch each due
// rule computes a mask from the tensor's CURRENT weights (already masked and fine-tuned), the
// target is absolute, and a new mask is ANDed with the old one (a weight once pruned stays pruned
// within a run). Then one epoch of masked fine-tuning; the test set is evaluated after every
// pruning step and every epoch.
import * as tf from '@tensorflow/tfjs';
import { CancelledError, detectOutputKind, evaluate, type EvalData } from '../eval/evaluate';
import { sampleStd, splicingStats, type SplicingStats } from '../pruning';
import { thinZeroStructures } from '../thinning/run-thinning';
import type { ChannelStats } from '../training/activation-stats';
import { snapshotWeights, restoreWeights } from '../training/checkpoint';
import { MaskedTrainer, type TrainData } from '../training/masked-trainer';
import { trainingChannelStats, trainingGradients } from './layers-measures';
import { mergeRuleMask, ruleMasks, type MaskContext } from './rule-masks';
import {
  bindTensors,
  copyMasks,
  sparsityOf,
  type Checkpoint,
  type RunScheduleOptions,
  type ScheduleRunResult,
  type TensorRef,
  type TimelineEvent,
} from './run-events';
import {
  discardingTensors,
  epochMasking,
  forwardOnlyEnds,
  miniBatchPruneDue,
  miniBatchRules,
  miniBatchSeed,
} from './mini-batch';
import { ruleEpochs, ruleTensors, ScheduleError, validateSchedule, type Schedule, type ScheduleRule } from './schedule';
import { policyEpochs, ScheduleTraining } from './schedule-training';

export type { Checkpoint, RunScheduleOptions, ScheduleRunResult, TimelineEvent } from './run-events';

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
  /** The model the run is on: `model`, or the model a thinning extension made from it. */
  let current = model;
  let tensors = bindTensors(current);
  const names = tensors.map((t) => t.name);
  let byName = new Map(tensors.map((t) => [t.name, t]));
  let layouts = new Map(tensors.map((t) => [t.name, t.layout]));
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
          current,
          ranked.map((t) => t.layerName),
          trainData,
        );
        return (await stats).get((byName.get(name) as TensorRef).layerName) as ChannelStats;
      },
      gradient: async (name) => {
        grads ??= trainingGradients(
          current,
          new Map(ranked.map((t) => [t.name, t.variable])),
          trainData,
          opts.outputs ?? detectOutputKind(current),
        );
        return (await grads).get(name) as Float32Array;
      },
    };
  };

  const timeline: TimelineEvent[] = [];
  const checkpoints: Checkpoint[] = [];
  const makeTrainer = (m: tf.LayersModel) =>
    new MaskedTrainer(m, {
      optimizer: opts.optimizer,
      batchSize: opts.batchSize,
      weightDecay: opts.weightDecay,
      seed: opts.seed,
      outputs: opts.outputs,
      ...(training.hasRegularizers ? { extraLoss: training.extraLoss } : {}),
      ...(opts.distill ? { distill: opts.distill } : {}),
    });
  let trainer = makeTrainer(current);
  const thinningRules = (schedule.thinning ?? []).map((rule) => ({ rule, epochs: new Set(policyEpochs(rule.when)) }));
  /** Distiller's StructureRemover: once in the epoch, after the pruners' masks are applied. */
  const thinAt = async (epoch: number) => {
    for (const { rule, epochs } of thinningRules) {
      if (!epochs.has(epoch)) continue;
      const probe = tf.tidy(() => trainData.x.slice(0, Math.min(64, trainData.x.shape[0])));
      let thin;
      try {
        thin = await thinZeroStructures(current, rule.removes, masks, probe);
      } finally {
        probe.dispose();
      }
      if (!thin) continue;
      if (current !== model) current.dispose();
      current = thin.model;
      masks.clear();
      for (const [k, v] of thin.masks) masks.set(k, v);
      tensors = bindTensors(current);
      byName = new Map(tensors.map((t) => [t.name, t]));
      layouts = new Map(tensors.map((t) => [t.name, t.layout]));
      training.rebind(new Map(tensors.map((t) => [t.name, t.variable])));
      trainer.dispose();
      trainer = makeTrainer(current);
      trainer.setMasks(masks);
      trainer.applyMasks();
      await record({
        epoch,
        kind: 'thin',
        revived: 0,
        rules: [rule.name],
        thinned: { removed: thin.removed, maxDiff: thin.maxDiff },
      });
    }
  };
  const evalOpts = { batchSize: opts.evalBatchSize, outputs: opts.outputs, signal: opts.signal };
  const record = async (
    e: Omit<TimelineEvent, 'step' | 'metrics' | 'sparsity' | 'totalSparsity' | 'prunedNonZero'>,
  ) => {
    const metrics = await evaluate(current, testData, evalOpts);
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
        weights: await snapshotWeights(current),
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

  /** A rule's masks on the current weights; within an epoch (mini-batch pruning) they replace the old ones. */
  const prune = async (rule: ScheduleRule, ts: string[], ctx: MaskContext, replace: boolean) => {
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
      masks.set(name, replace ? m.mask : mergeRuleMask(masks.get(name), m));
    }
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
        await prune(rule, ts, ctx, false);
      }
      if (fired.length > 0) {
        trainer.setMasks(masks);
        trainer.applyMasks();
        await record({ epoch, kind: 'prune', revived: 0, rules: fired });
      }
      await thinAt(epoch);
      await checkpoint();
      const lr = training.beginEpoch(epoch) ?? undefined;
      // a scheduler may reach 0 (cosine annealing to eta_min 0); the optimizer needs a rate > 0
      if (lr !== undefined) trainer.setLearningRate(Math.max(lr, Number.MIN_VALUE));
      const due = miniBatchRules(plan, epoch);
      // measured on the model as it is now (a thinning above may have replaced it)
      const batchCtx = due.length > 0 ? measuresAt(epoch) : ctx;
      const discarding = discardingTensors(plan, epoch);
      const beforeBatch = async (b: number, batches: number) => {
        // the previous mini-batch's masks of discard_masks_at_minibatch_end rules are gone
        const dropped = b > 0 && discarding.map((t) => masks.delete(t)).some(Boolean);
        const now = due.filter((p) => miniBatchPruneDue(epoch, b, batches, p.rule.miniBatch?.pruningFrequency ?? 0));
        const seed = miniBatchSeed(opts.seed ?? 0, epoch, b, batches);
        for (const p of now) await prune(p.rule, p.tensors, { ...batchCtx, seed }, true);
        if (now.length > 0 || dropped) trainer.setMasks(masks);
      };
      const r = await trainer.trainEpoch(trainData, epoch, {
        onBatch: opts.onBatch,
        gate: opts.gate,
        signal: opts.signal,
        masking: epochMasking(plan, epoch),
        ...(due.length + discarding.length > 0 ? { beforeBatch } : {}),
      });
      const ends = forwardOnlyEnds(plan, epoch);
      for (const name of [...ends.release, ...discarding]) masks.delete(name);
      if (ends.keep.length + ends.release.length + discarding.length > 0) trainer.setMasks(masks);
      if (ends.keep.length > 0) trainer.applyMasks();
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
        weights: await snapshotWeights(current),
        masks: copyMasks(masks),
      });
    }
    const final = timeline[timeline.length - 1];
    return { timeline, checkpoints, masks, final, ...(current !== model ? { thinnedModel: current } : {}) };
  } catch (e) {
    if (current !== model) current.dispose();
    throw e;
  } finally {
    trainer.dispose();
  }
}

/** Puts a checkpoint's weights back into the model (e.g. to inspect or export an earlier step). */
export function restoreCheckpoint(model: tf.LayersModel, checkpoint: Checkpoint): void {
  restoreWeights(model, checkpoint.weights);
}

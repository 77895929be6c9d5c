// Han, Pool, Tran, Dally 2015 on LeNet-300-100: magnitude pruning in one shot (no retraining)
// against iterative pruning with masked fine-tuning, to the same final sparsity.
//
// The iterative arm is Han's prune-retrain-repeat with Distiller's level semantics: at each step
// every pruned tensor is cut to that step's absolute level by magnitude of its CURRENT (fine-tuned)
// weights, the new mask is ANDed with the old one, then the net is retrained with the masks held
// fixed. It runs its own loop over MaskedTrainer (not runSchedule) because it sets the learning
// rate per batch and may augment the fine-tuning images. By default the retraining loss adds
// knowledge distillation from the dense model (its logits on the training images, computed once
// before any pruning), which Han et al. did not use; `distill: null` gives their plain loss.
import * as tf from '@tensorflow/tfjs';
import { CancelledError, detectOutputKind, evaluate, PROBABILITY_FLOOR, type EvalData } from '../eval/evaluate';
import { MaskedModel } from '../engine/masked-model';
import { prunableTensors } from '../engine/tfjs-layers/model-introspect';
import { andMasks, levelMask } from '../pruning';
import { MaskedTrainer, TrainingInputError, type TrainData } from '../training/masked-trainer';
import type { TimelineEvent } from './run-schedule';
import {
  HAN_DEFAULT_AUGMENT,
  HAN_DEFAULT_BATCH,
  HAN_DEFAULT_DISTILL,
  HAN_DEFAULT_OPTIMIZER,
  HAN_DEFAULT_STEPS,
  HanExperimentError,
  hanLevels,
  hiddenTensors,
  type HanCurvePoint,
  type HanExperimentOptions,
  type HanExperimentResult,
} from './han-settings';

/**
 * Runs both arms on `model` (its weights end as the iterative result; the one-shot arm works on
 * the dense snapshot and restores it). `test` is what both arms are measured on: pass a held-out
 * part of the training data to choose settings, the test set only to report.
 */
export async function hanExperiment(
  model: tf.LayersModel,
  train: TrainData,
  test: EvalData,
  opts: HanExperimentOptions = {},
): Promise<HanExperimentResult> {
  const steps = opts.steps ?? HAN_DEFAULT_STEPS;
  const optimizer = opts.optimizer ?? HAN_DEFAULT_OPTIMIZER;
  const lrShape = opts.lrShape ?? 'constant';
  const stepLrDecay = opts.stepLrDecay ?? 1;
  if (!(stepLrDecay > 0)) throw new HanExperimentError(`stepLrDecay must be > 0; got ${stepLrDecay}`);
  const batchSize = opts.batchSize ?? HAN_DEFAULT_BATCH;
  const weightDecay = opts.weightDecay ?? 0;
  const augment = opts.augment ?? HAN_DEFAULT_AUGMENT;
  const distill = opts.distill === undefined ? HAN_DEFAULT_DISTILL : opts.distill;
  const evalOpts = { signal: opts.signal };
  const masked = await MaskedModel.create(model);
  const names = masked.tensors.map((t) => t.name);
  const levels = hanLevels(names, steps, opts.tensors ?? hiddenTensors(names), opts.layerTargets);
  const dense = await evaluate(model, test, evalOpts);
  opts.onPoint?.('dense', { sparsity: 0, metrics: dense });

  // The one-shot arm prunes the dense snapshot and gives it back; the iterative arm starts from it.
  const oneShot: HanCurvePoint[] = [];
  await masked.withDenseWeights(async () => {
    for (const level of levels) {
      for (const [name, s] of Object.entries(level)) masked.setMask(name, levelMask(masked.dense(name), s));
      await masked.apply();
      const point = { sparsity: masked.sparsity().total.sparsity, metrics: await evaluate(model, test, evalOpts) };
      oneShot.push(point);
      opts.onPoint?.('one-shot', point);
    }
  });

  const variables = new Map(model.weights.map((w) => [w.originalName, w.read() as tf.Variable]));
  const prunable = prunableTensors(model).map((t) => ({
    name: t.name,
    variable: variables.get(t.name) as tf.Variable,
  }));
  const masks = new Map<string, Uint8Array>();
  const timeline: TimelineEvent[] = [];
  const iterative: HanCurvePoint[] = [];
  // the dense model's outputs, before any pruning: log-probabilities stand in for logits
  const teacherLogits = distill ? denseTeacherLogits(model, train.x, batchSize) : undefined;
  let trainer: MaskedTrainer;
  try {
    trainer = new MaskedTrainer(model, {
      optimizer,
      batchSize,
      weightDecay,
      seed: opts.seed,
      augment,
      distill: distill && teacherLogits ? { teacherLogits, ...distill } : undefined,
    });
  } catch (e) {
    teacherLogits?.dispose();
    throw e;
  }
  const record = async (e: Pick<TimelineEvent, 'epoch' | 'kind' | 'revived' | 'trainLoss' | 'rules'>) => {
    const metrics = await evaluate(model, test, evalOpts);
    const sparsity: Record<string, number> = {};
    let zeros = 0;
    let numel = 0;
    for (const t of prunable) {
      const v = await t.variable.data();
      let z = 0;
      for (let i = 0; i < v.length; i++) if (v[i] === 0) z++;
      sparsity[t.name] = z / Math.max(1, v.length);
      zeros += z;
      numel += v.length;
    }
    const event: TimelineEvent = {
      ...e,
      step: timeline.length,
      metrics,
      sparsity,
      totalSparsity: zeros / Math.max(1, numel),
      prunedNonZero: await trainer.countPrunedNonZero(),
    };
    timeline.push(event);
    opts.onEvent?.(event);
    return event;
  };
  try {
    await record({ epoch: 0, kind: 'start', revived: 0 });
    let epoch = 0;
    for (let i = 0; i < steps.length; i++) {
      await opts.gate?.wait(opts.signal);
      if (opts.signal?.aborted) throw new CancelledError();
      for (const [name, s] of Object.entries(levels[i])) {
        const fresh = levelMask((await (variables.get(name) as tf.Variable).data()) as Float32Array, s);
        const old = masks.get(name);
        masks.set(name, old ? andMasks(old, fresh) : fresh);
      }
      trainer.setMasks(masks);
      trainer.applyMasks();
      await record({ epoch, kind: 'prune', revived: 0, rules: [`step_${i + 1}`] });
      const peak = optimizer.lr * stepLrDecay ** i;
      const k = steps[i].epochs;
      let last: TimelineEvent | undefined;
      for (let e = 0; e < k; e++) {
        const learningRate =
          lrShape === 'cosine'
            ? (b: number, batches: number) =>
                Math.max(1e-3 * peak, 0.5 * peak * (1 + Math.cos((Math.PI * (e * batches + b)) / (k * batches))))
            : () => peak;
        const r = await trainer.trainEpoch(train, epoch, {
          learningRate,
          onBatch: opts.onBatch,
          gate: opts.gate,
          signal: opts.signal,
        });
        last = await record({ epoch, kind: 'epoch', revived: r.revivedBeforeRemask, trainLoss: r.loss });
        epoch++;
      }
      const done = last as TimelineEvent;
      if (done.prunedNonZero !== 0)
        throw new TrainingInputError(
          `step ${i + 1}: ${done.prunedNonZero} pruned weights were non-zero after fine-tuning`,
        );
      const point = { sparsity: done.totalSparsity, metrics: done.metrics };
      iterative.push(point);
      opts.onPoint?.('iterative', point);
    }
  } finally {
    trainer.dispose();
    teacherLogits?.dispose();
  }
  const final = timeline[timeline.length - 1];
  const lastOneShot = oneShot[oneShot.length - 1];
  return {
    dense,
    finalSparsity: final.totalSparsity,
    oneShot,
    iterative,
    iterativeLoss: dense.top1 - final.metrics.top1,
    oneShotLoss: dense.top1 - lastOneShot.metrics.top1,
    finalPerTensor: final.sparsity,
    timeline,
    options: { steps, optimizer, lrShape, stepLrDecay, batchSize, weightDecay, augment, distill, levels },
  };
}

/** The dense model's logits on `x` (log-probabilities for a softmax output): distillation's teacher. */
export function denseTeacherLogits(model: tf.LayersModel, x: tf.Tensor, batchSize: number): tf.Tensor {
  const probabilities = detectOutputKind(model) === 'probabilities';
  return tf.tidy(() => {
    const out = model.predict(x, { batchSize: Math.max(batchSize, 256) });
    const y = (Array.isArray(out) ? out[0] : out) as tf.Tensor;
    return probabilities ? tf.log(tf.clipByValue(y, PROBABILITY_FLOOR, 1)) : y;
  });
}

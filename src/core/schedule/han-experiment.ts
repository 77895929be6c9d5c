// Han, Pool, Tran, Dally 2015 on LeNet-300-100: magnitude pruning in one shot (no retraining)
// against iterative pruning with masked fine-tuning, to the same final sparsity.
import type * as tf from '@tensorflow/tfjs';
import { evaluate, type EvalData } from '../evaluate';
import { MaskedModel } from '../masked-model';
import { levelMask } from '../pruning';
import type { OptimizerSpec, TrainData } from '../training/masked-trainer';
import { PauseGate } from '../training/pause-gate';
import type { Metrics } from '../types';
import { runSchedule, type TimelineEvent } from './run-schedule';
import { iterativeSchedule, type IterativeStep } from './schedule';

export interface CurvePoint {
  /** Fraction of zeros over every prunable tensor. */
  sparsity: number;
  metrics: Metrics;
}

export interface HanExperimentOptions {
  /** Tensors to prune (default '*': every prunable tensor). */
  tensors?: string[] | '*';
  /** Iterative steps (default HAN_DEFAULT_STEPS: 50% ... 92%, 14 epochs in all). */
  steps?: IterativeStep[];
  optimizer?: OptimizerSpec;
  batchSize?: number;
  weightDecay?: number;
  seed?: number;
  onEvent?: (e: TimelineEvent) => void;
  gate?: PauseGate;
  signal?: AbortSignal;
}

export interface HanExperimentResult {
  dense: Metrics;
  finalSparsity: number;
  /** Dense weights pruned to each step's sparsity at once, no retraining. */
  oneShot: CurvePoint[];
  /** After each step's fine-tuning. */
  iterative: CurvePoint[];
  /** top-1 (points) lost against the dense model at the final sparsity. */
  iterativeLoss: number;
  oneShotLoss: number;
  timeline: TimelineEvent[];
  options: Required<Pick<HanExperimentOptions, 'tensors' | 'steps' | 'optimizer' | 'batchSize' | 'weightDecay'>>;
}

export const HAN_DEFAULT_STEPS: IterativeStep[] = [
  { sparsity: 0.5, epochs: 1 },
  { sparsity: 0.7, epochs: 1 },
  { sparsity: 0.8, epochs: 2 },
  { sparsity: 0.85, epochs: 2 },
  { sparsity: 0.9, epochs: 2 },
  { sparsity: 0.92, epochs: 6 },
];
export const HAN_DEFAULT_OPTIMIZER: OptimizerSpec = { kind: 'adam', lr: 1e-3 };
export const HAN_DEFAULT_BATCH = 128;

/**
 * Runs both arms on `model` (its weights end as the iterative result; the one-shot arm works on
 * the dense snapshot and restores it). Every prunable tensor gets the same level, as Han's
 * layer-uniform baseline.
 */
export async function hanExperiment(model: tf.LayersModel, train: TrainData, test: EvalData, opts: HanExperimentOptions = {}): Promise<HanExperimentResult> {
  const steps = opts.steps ?? HAN_DEFAULT_STEPS;
  const tensors = opts.tensors ?? '*';
  const optimizer = opts.optimizer ?? HAN_DEFAULT_OPTIMIZER;
  const batchSize = opts.batchSize ?? HAN_DEFAULT_BATCH;
  const weightDecay = opts.weightDecay ?? 0;
  const masked = await MaskedModel.create(model);
  const dense = await evaluate(model, test, { signal: opts.signal });

  const oneShot: CurvePoint[] = [];
  try {
    for (const { sparsity } of steps) {
      for (const t of masked.tensors) {
        if (tensors === '*' || tensors.includes(t.name)) masked.setMask(t.name, levelMask(masked.dense(t.name), sparsity));
      }
      await masked.apply();
      oneShot.push({ sparsity: masked.sparsity().total.sparsity, metrics: await evaluate(model, test, { signal: opts.signal }) });
    }
  } finally {
    masked.resetAll();
    await masked.apply();
  }

  const schedule = iterativeSchedule(tensors, steps);
  const run = await runSchedule(model, train, test, schedule, {
    epochs: schedule.epochs as number,
    optimizer,
    batchSize,
    weightDecay,
    seed: opts.seed,
    checkpoints: 'none',
    onEvent: opts.onEvent,
    gate: opts.gate,
    signal: opts.signal,
  });
  // the last epoch event before each next pruning step (and the final one)
  const iterative: CurvePoint[] = [];
  run.timeline.forEach((e, i) => {
    const next = run.timeline[i + 1];
    if (e.kind === 'epoch' && (!next || next.kind === 'prune')) iterative.push({ sparsity: e.totalSparsity, metrics: e.metrics });
  });
  const last = iterative[iterative.length - 1];
  const lastOneShot = oneShot[oneShot.length - 1];
  return {
    dense,
    finalSparsity: last.sparsity,
    oneShot,
    iterative,
    iterativeLoss: dense.top1 - last.metrics.top1,
    oneShotLoss: dense.top1 - lastOneShot.metrics.top1,
    timeline: run.timeline,
    options: { tensors, steps, optimizer, batchSize, weightDecay },
  };
}

/** A plain-text table of both curves. */
export function hanTable(r: HanExperimentResult): string {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(6);
  const lines = [
    `dense: top-1 ${r.dense.top1.toFixed(2)}%, top-5 ${r.dense.top5.toFixed(2)}%, loss ${r.dense.loss.toFixed(4)}`,
    'sparsity  weights  one-shot top-1  iterative top-1',
  ];
  r.oneShot.forEach((p, i) => {
    const it = r.iterative[i];
    const fewer = (1 / Math.max(1e-9, 1 - p.sparsity)).toFixed(1).padStart(6);
    lines.push(`${pct(p.sparsity)}%  ${fewer}x  ${p.metrics.top1.toFixed(2).padStart(13)}%  ${(it ? it.metrics.top1.toFixed(2) : '-').padStart(14)}%`);
  });
  lines.push(`final sparsity ${pct(r.finalSparsity).trim()}%: iterative loses ${r.iterativeLoss.toFixed(2)} points, one-shot ${r.oneShotLoss.toFixed(2)} points`);
  return lines.join('\n');
}

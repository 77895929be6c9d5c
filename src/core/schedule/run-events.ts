// The values a schedule run records (timeline events, checkpoints) and its view of the model's
// prunable tensors, rebuilt when a thinning extension replaces the model.
import type * as tf from '@tensorflow/tfjs';
import { prunableTensors } from '../engine/tfjs-layers/model-introspect';
import { layoutOf, type TensorLayout } from '../pruning';
import type { WeightSnapshot } from '../training/checkpoint';
import type { OutputKind } from '../eval/evaluate';
import type { BatchProgress, DistillOptions, OptimizerSpec } from '../training/masked-trainer';
import type { PauseGate } from '../training/pause-gate';
import type { Convention, Metrics } from '../types';
import type { RuleTensor } from './rule-masks';

export interface TimelineEvent {
  /** Epoch the event belongs to: a prune event happens at the start of it, an epoch event at its end. */
  epoch: number;
  /** Running index of events (0 = the start event); checkpoints[step] holds the state after it. */
  step: number;
  kind: 'start' | 'prune' | 'thin' | 'epoch';
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
  /** Prune and thin events: the rules that fired. */
  rules?: string[];
  /** Thin events: filters removed per producer layer, and max |masked - thinned| on the check batch. */
  thinned?: { removed: Record<string, number[]>; maxDiff: number };
}

export interface Checkpoint {
  step: number;
  epoch: number;
  kind: TimelineEvent['kind'];
  weights: WeightSnapshot;
  masks: Map<string, Uint8Array>;
}

export interface TensorRef extends RuleTensor {
  shape: number[];
  layerName: string;
  variable: tf.Variable;
}

export async function sparsityOf(tensors: TensorRef[]): Promise<{ perTensor: Record<string, number>; total: number }> {
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

export function copyMasks(masks: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  return new Map([...masks].map(([k, v]) => [k, v.slice()]));
}

export function bindTensors(model: tf.LayersModel): TensorRef[] {
  const variables = new Map(model.weights.map((w) => [w.originalName, w.read() as tf.Variable]));
  return prunableTensors(model).map((t) => {
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
  /**
   * When a thinning extension removed structures: the thinned model the run ended on (the caller
   * owns it; the model passed in keeps its shapes). Checkpoints before the last thin event hold the
   * older shapes.
   */
  thinnedModel?: tf.LayersModel;
}

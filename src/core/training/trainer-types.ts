// What the masked trainer takes and reports.
import type * as tf from '@tensorflow/tfjs';
import type { EvalData, OutputKind } from '../eval/evaluate';
import type { AugmentOptions } from './augment';
import type { PauseGate } from './pause-gate';

/** Training inputs and int32 labels, already on the active backend (same shape as EvalData). */
export type TrainData = EvalData;

export type OptimizerSpec =
  | { kind: 'sgd'; lr: number; momentum?: number; nesterov?: boolean }
  | { kind: 'adam'; lr: number; beta1?: number; beta2?: number; epsilon?: number };

export interface TrainerOptions {
  optimizer: OptimizerSpec;
  /** Examples per step (default 64). */
  batchSize?: number;
  /**
   * L2 penalty added to the gradient of every trainable variable (kernels and biases), like
   * PyTorch's `weight_decay` for SGD and Adam (not AdamW's decoupled decay). Default 0.
   */
  weightDecay?: number;
  /** Seed of the per-epoch shuffle (epoch e uses seed + e). Default 0. */
  seed?: number;
  /** Default: detectOutputKind(model). */
  outputs?: OutputKind;
  /**
   * Random shifts of the training images by up to `shift` pixels (zero fill), drawn per example
   * from the seed and the epoch; evaluation never sees them. Default: none.
   */
  augment?: AugmentOptions;
  /**
   * Knowledge distillation (Hinton et al. 2015) from a fixed teacher: the loss becomes
   * alpha x CE(labels) + (1 - alpha) x T^2 x KL(softmax(teacher / T) || softmax(student / T)).
   * Default: none (plain cross-entropy).
   */
  distill?: DistillOptions;
  /**
   * A term added to the loss of every step inside the gradient tape (e.g. a regularizer over the
   * model's variables). Called once per step; what it creates is freed with the step.
   */
  extraLoss?: () => tf.Scalar;
}

export interface DistillOptions {
  /**
   * The teacher's logits [examples, classes] for the training data passed to trainEpoch, row i for
   * example i (gathered with the same shuffled indices as the batch). Log-probabilities work as
   * well: softmax ignores the constant they differ by. The trainer reads it and never disposes it.
   */
  teacherLogits: tf.Tensor;
  /** Softening temperature T > 0. */
  temperature: number;
  /** Weight of the hard-label cross-entropy, in [0, 1]; 1 - alpha goes to the teacher's soft targets. */
  alpha: number;
}

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  /** Mean loss of this batch (before the step). */
  loss: number;
  /** Masked positions that were non-zero right after the optimizer step, before re-masking. */
  revivedBeforeRemask: number;
  /** Masked positions non-zero after re-masking: must be 0. */
  prunedNonZero: number;
}

export interface EpochResult {
  epoch: number;
  /** Mean of the batch losses, weighted by batch size. */
  loss: number;
  batches: number;
  examples: number;
  revivedBeforeRemask: number;
  prunedNonZero: number;
  seconds: number;
}

/**
 * Distiller's per-mini-batch masking options, by tensor name. Default (none listed): the weights are
 * masked before the forward pass and again after the optimizer step.
 */
export interface BatchMasking {
  /** mask_on_forward_only: not re-masked after the step (the optimizer may move masked weights) */
  forwardOnly?: ReadonlySet<string>;
  /** use_double_copies: the optimizer updates the unmasked values (gradients from the masked forward) */
  doubleCopies?: ReadonlySet<string>;
  /** mask_gradients: the loss gradient is multiplied by the mask */
  maskGradients?: ReadonlySet<string>;
}

export interface EpochHooks {
  /** Before batch `batch` (0-based) of `batches` (e.g. mini-batch pruning: new masks via setMasks). */
  beforeBatch?: (batch: number, batches: number) => Promise<void>;
  /** Per-mini-batch masking options of this epoch. */
  masking?: BatchMasking;
  /** Learning rate for batch `batch` (0-based) of `batches`, set before that step; default: unchanged. */
  learningRate?: (batch: number, batches: number) => number;
  onBatch?: (p: BatchProgress) => void;
  gate?: PauseGate;
  signal?: AbortSignal;
}

export class TrainingInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingInputError';
  }
}

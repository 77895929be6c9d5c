import * as tf from '@tensorflow/tfjs';
import { TrainingInputError, type OptimizerSpec } from './trainer-types';

/** The tf.js optimizer PyTorch's SGD (with momentum, Nesterov) or Adam of the same settings maps to. */
export function makeOptimizer(spec: OptimizerSpec): tf.Optimizer {
  if (!(spec.lr > 0) || !Number.isFinite(spec.lr))
    throw new TrainingInputError(`learning rate must be a number > 0; got ${spec.lr}`);
  if (spec.kind === 'sgd') {
    const momentum = spec.momentum ?? 0;
    if (!(momentum >= 0 && momentum < 1)) throw new TrainingInputError(`momentum must be in [0, 1); got ${momentum}`);
    // tf.train.momentum with 0 is plain SGD (v = g); nesterov needs momentum > 0 to mean anything.
    return momentum === 0 && !spec.nesterov
      ? tf.train.sgd(spec.lr)
      : tf.train.momentum(spec.lr, momentum, spec.nesterov ?? false);
  }
  if (spec.kind === 'adam') return tf.train.adam(spec.lr, spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.epsilon ?? 1e-8);
  throw new TrainingInputError(
    `unknown optimizer ${JSON.stringify((spec as { kind: unknown }).kind)}; expected 'sgd' or 'adam'`,
  );
}

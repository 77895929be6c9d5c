// The loss of one training batch: cross-entropy on the labels, optionally blended with a teacher's
// softened outputs (knowledge distillation).
import * as tf from '@tensorflow/tfjs';
import { PROBABILITY_FLOOR, type OutputKind } from '../eval/evaluate';
import { TrainingInputError, type DistillOptions } from './trainer-types';

export function batchLoss(
  model: tf.LayersModel,
  outputs: OutputKind,
  xb: tf.Tensor,
  yb: tf.Tensor1D,
  distill?: DistillOptions,
  teacher?: tf.Tensor,
): tf.Scalar {
  const out = model.apply(xb, { training: true });
  const y = (Array.isArray(out) ? out[0] : out) as tf.Tensor;
  const numClasses = y.shape[1] as number;
  const oneHot = tf.oneHot(yb, numClasses);
  // log-probabilities stand in for logits when the model ends in a softmax
  const logits = outputs === 'logits' ? y : tf.log(tf.clipByValue(y, PROBABILITY_FLOOR, 1));
  const hard = (
    outputs === 'logits' ? tf.losses.softmaxCrossEntropy(oneHot, y) : tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logits), 1)))
  ) as tf.Scalar;
  if (!distill || !teacher) return hard;
  const { temperature: t, alpha } = distill;
  const logPt = tf.logSoftmax(tf.div(teacher, t));
  const logPs = tf.logSoftmax(tf.div(logits, t));
  const kl = tf.mean(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs)), 1));
  // T^2 keeps the soft targets' gradient on the scale of the hard one's (Hinton et al.)
  return tf.add(tf.mul(alpha, hard), tf.mul((1 - alpha) * t * t, kl)) as tf.Scalar;
}

/** The distillation options, checked (undefined when there are none). */
export function checkedDistill(d: DistillOptions | undefined): DistillOptions | undefined {
  if (!d) return undefined;
  const { teacherLogits, temperature, alpha } = d;
  if (teacherLogits.rank !== 2)
    throw new TrainingInputError(
      `distill.teacherLogits must be 2-D [examples, classes]; got [${teacherLogits.shape.join(', ')}]`,
    );
  if (!(temperature > 0) || !Number.isFinite(temperature))
    throw new TrainingInputError(`distill.temperature must be a number > 0; got ${temperature}`);
  if (!(alpha >= 0 && alpha <= 1)) throw new TrainingInputError(`distill.alpha must be in [0, 1]; got ${alpha}`);
  return d;
}

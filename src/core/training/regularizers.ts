// Distiller's regularizers (distiller/regularization/) as loss terms on TF.js tensors, to be added to
// the fine-tuning loss inside tf.variableGrads. Layouts are TF.js: conv [kh, kw, in, out], dense
// [in, out]; groups keep Distiller's (PyTorch) names: a dense 'Rows' group is an output neuron.
import * as tf from '@tensorflow/tfjs';
import {
  groupThresholdMask,
  layoutOf,
  magnitudeMask,
  PruningInputError,
  structureGroupFor,
  type DistillerGroup,
  type TensorLayout,
  type ThresholdCriterion,
} from '../pruning';

export interface GroupRegime {
  /** Regularization strength λ (or, for StructureParameterPruner, the threshold). */
  value: number;
  group: DistillerGroup;
}

export type Regularizer =
  /** λ Σ|w| per tensor; with thresholdCriteria set, |w| <= λ is masked after each step. */
  | { kind: 'l1'; strengths: Record<string, number>; thresholdCriteria?: string }
  /** λ Σ_g ||w_g||_2 (Group Lasso); with thresholdCriteria, groups whose norm <= λ are masked. */
  | { kind: 'group-lasso'; regimes: Record<string, GroupRegime>; thresholdCriteria?: 'Max' | 'Mean_Abs' }
  /** λ / var(channel L2 norms) (Torfi et al. 2018); 'Channels' only. */
  | { kind: 'group-variance'; regimes: Record<string, GroupRegime> };

/** Distiller adds this inside the square root of the channel norms (and only there). */
export const CHANNEL_NORM_EPSILON = 1e-8;

/** sqrt(s) with a zero gradient where s = 0, as torch.norm's backward (no NaN for a pruned group). */
const safeSqrt = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [sumSq, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const value = tf.sqrt(sumSq);
  save([value]);
  return {
    value,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], [root]: tf.Tensor[]) =>
      tf.where(tf.greater(root, 0), tf.div(dy as tf.Tensor, tf.mul(root, 2)), tf.zerosLike(root)),
  };
}) as (sumSq: tf.Tensor) => tf.Tensor;

/** L2 norms of the structures of `group` (one per structure); channels carry Distiller's epsilon. */
export function groupL2Norms(w: tf.Tensor, group: DistillerGroup): tf.Tensor {
  return tf.tidy(() => {
    const sq = tf.square(w);
    const rank = w.rank;
    const need = (r: number) => {
      if (rank !== r)
        throw new PruningInputError(
          `Group '${group}' regularization needs a rank-${r} kernel; got shape [${w.shape}].`,
        );
    };
    switch (group) {
      case '2D':
        need(4);
        return safeSqrt(tf.sum(sq, [0, 1]));
      case 'Filters':
      case '3D':
        need(4);
        return safeSqrt(tf.sum(sq, [0, 1, 2]));
      case 'Channels':
        need(4);
        return tf.sqrt(tf.add(tf.sum(sq, [0, 1, 3]), CHANNEL_NORM_EPSILON));
      case '4D':
        need(4);
        return safeSqrt(tf.sum(sq));
      case 'Rows':
        need(2);
        return safeSqrt(tf.sum(sq, 0));
      case 'Cols':
        need(2);
        return safeSqrt(tf.sum(sq, 1));
      default:
        throw new PruningInputError(`Group '${group}' has no Group Lasso term.`);
    }
  });
}

/** λ Σ|w|. */
export function l1Loss(w: tf.Tensor, strength: number): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.sum(tf.abs(w)), strength));
}

/** λ Σ_g ||w_g||_2; 'Rows+Cols' adds the row and the column terms. */
export function groupLassoLoss(w: tf.Tensor, group: DistillerGroup, strength: number): tf.Scalar {
  return tf.tidy(() => {
    if (group === 'Rows+Cols') return tf.add(groupLassoLoss(w, 'Rows', strength), groupLassoLoss(w, 'Cols', strength));
    return tf.mul(tf.sum(groupL2Norms(w, group)), strength);
  });
}

/** λ / var(channel norms), var unbiased (n - 1) as torch.var. */
export function groupVarianceLoss(w: tf.Tensor, group: DistillerGroup, strength: number): tf.Scalar {
  if (group !== 'Channels')
    throw new PruningInputError(`GroupVarianceRegularizer supports group 'Channels' only; got '${group}'.`);
  return tf.tidy(() => {
    const norms = groupL2Norms(w, 'Channels');
    const n = norms.size;
    if (n < 2) throw new PruningInputError('GroupVarianceRegularizer needs at least 2 channels.');
    const variance = tf.div(tf.sum(tf.square(tf.sub(norms, tf.mean(norms)))), n - 1);
    return tf.div(strength, variance);
  });
}

/** The regularizer's loss over the tensors it names (keys: model tensor names); 0 for none. */
export function regularizationLoss(reg: Regularizer, weights: ReadonlyMap<string, tf.Tensor>): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Scalar = tf.scalar(0);
    for (const [name, w] of weights) {
      let term: tf.Scalar | null = null;
      if (reg.kind === 'l1') {
        if (name in reg.strengths) term = l1Loss(w, reg.strengths[name]);
      } else if (name in reg.regimes) {
        const { value, group } = reg.regimes[name];
        term = reg.kind === 'group-lasso' ? groupLassoLoss(w, group, value) : groupVarianceLoss(w, group, value);
      }
      if (term) total = tf.add(total, term);
    }
    return total;
  });
}

/**
 * The mask a regularizer with threshold_criteria sets after each mini-batch (null when it sets
 * none): L1, |w| <= λ pruned; Group Lasso, groups whose norm by the criterion is <= λ pruned.
 */
export function regularizerThresholdMask(
  reg: Regularizer,
  name: string,
  w: ArrayLike<number>,
  shape: readonly number[] | TensorLayout,
): Uint8Array | null {
  if (reg.kind === 'l1')
    return reg.thresholdCriteria !== undefined && name in reg.strengths ? magnitudeMask(w, reg.strengths[name]) : null;
  if (reg.kind !== 'group-lasso' || reg.thresholdCriteria === undefined || !(name in reg.regimes)) return null;
  const { value, group } = reg.regimes[name];
  const criterion: ThresholdCriterion = reg.thresholdCriteria;
  if (group === '4D') {
    // the whole tensor is one group: kept or pruned as a whole
    let norm = 0;
    for (let i = 0; i < w.length; i++)
      norm = criterion === 'Max' ? Math.max(norm, Math.abs(w[i])) : norm + Math.abs(w[i]);
    if (criterion === 'Mean_Abs') norm /= w.length;
    return new Uint8Array(w.length).fill(norm > value ? 1 : 0);
  }
  return groupThresholdMask(w, shape, structureGroupFor(group, layoutOf(shape).shape.length), value, criterion);
}

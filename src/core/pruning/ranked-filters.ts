// Distiller's filter pruners that rank by something other than the weights' norm: activation
// statistics (APoZ, mean), the gradient, chance. Filters are output channels (TF.js last axis);
// Distiller only offers these for conv kernels, dense kernels here rank their output neurons.
// Counts follow Distiller: k = int(s F) filters pruned, nothing when k = 0.
import { assertSparsity } from './counting';
import { PruningInputError } from './errors';
import { mulberry32, sampleIndices } from './random';
import {
  maskFromStructures,
  structureLayout,
  structuredMask,
  type StructureGroup,
  type StructureNorm,
  type TensorLayout,
} from './structures';

/**
 * The k = floor(s F) filters with the highest (or lowest) values, ascending. Among equal values the
 * higher index goes first, as the end of a stable argsort does in Distiller's `argsort(v)[:-k]`.
 */
export function filtersToPruneByValue(values: ArrayLike<number>, s: number, prune: 'highest' | 'lowest'): number[] {
  assertSparsity(s);
  const F = values.length;
  const k = Math.floor(s * F);
  if (k === 0) return [];
  const sign = prune === 'highest' ? 1 : -1;
  const order = Array.from({ length: F }, (_, j) => j).sort((a, b) => sign * (values[a] - values[b]) || a - b);
  return order.slice(F - k).sort((a, b) => a - b);
}

/**
 * ActivationAPoZRankedFilterPruner and ActivationMeanRankedFilterPruner: Distiller sorts the
 * channel statistic ascending and keeps all but the last k, so both prune the k filters with the
 * HIGHEST value. For APoZ (percent of zeros) that is the paper's rule; for the mean activation it is
 * the reverse of Molchanov et al.'s (who drop the lowest), and PruneLab keeps Distiller's behaviour.
 */
export function activationRankedFiltersToPrune(channelStat: ArrayLike<number>, s: number): number[] {
  return filtersToPruneByValue(channelStat, s, 'highest');
}

/** Σ (w ⊙ grad) per filter, signed (GradientRankedFilterPruner's score). */
export function gradientFilterScores(
  w: ArrayLike<number>,
  grad: ArrayLike<number>,
  shape: readonly number[] | TensorLayout,
): Float64Array {
  if (grad.length !== w.length)
    throw new PruningInputError(`Gradient length ${grad.length} does not match weight count ${w.length}.`);
  const { count } = structureLayout(shape, 'filters');
  const scores = new Float64Array(count);
  for (let i = 0; i < w.length; i++) scores[i % count] += w[i] * grad[i];
  return scores;
}

/** GradientRankedFilterPruner: prunes the k filters with the lowest signed Σ (w ⊙ grad). */
export function gradientRankedFiltersToPrune(
  w: ArrayLike<number>,
  grad: ArrayLike<number>,
  shape: readonly number[] | TensorLayout,
  s: number,
): number[] {
  return filtersToPruneByValue(gradientFilterScores(w, grad, shape), s, 'lowest');
}

/** RandomRankedFilterPruner: k = floor(s F) filters drawn uniformly (seeded), ascending. */
export function randomFiltersToPrune(filterCount: number, s: number, seed: number): number[] {
  assertSparsity(s);
  return [...sampleIndices(filterCount, Math.floor(s * filterCount), seed)].sort((a, b) => a - b);
}

export interface BernoulliFilterMask {
  /** 1 / (kept / F) on the kept filters, 0 on the dropped ones: not binary (DropFilter rescaling). */
  mask: Float32Array;
  /** 1 = the filter was kept. */
  kept: Uint8Array;
}

/**
 * BernoulliFilterPruner (DropFilter): each filter is kept with probability 1 - s (seeded draw), and
 * the mask is divided by kept / F so the layer's expected output is unchanged. s = 0 returns null
 * (Distiller leaves the mask alone). When every filter is dropped Distiller divides 0 by 0; here the
 * mask is all zeros.
 */
export function bernoulliFilterMask(
  shape: readonly number[] | TensorLayout,
  s: number,
  seed: number,
): BernoulliFilterMask | null {
  assertSparsity(s);
  if (s === 0) return null;
  const { count } = structureLayout(shape, 'filters');
  const next = mulberry32(seed);
  const kept = new Uint8Array(count);
  let keptCount = 0;
  for (let j = 0; j < count; j++) {
    kept[j] = next() < 1 - s ? 1 : 0;
    keptCount += kept[j];
  }
  const dropped = [...kept.keys()].filter((j) => !kept[j]);
  const binary = maskFromStructures(shape, 'filters', dropped);
  const scale = keptCount === 0 ? 0 : count / keptCount;
  const mask = new Float32Array(binary.length);
  for (let i = 0; i < binary.length; i++) mask[i] = binary[i] * scale;
  return { mask, kept };
}

export interface LeaderTensor {
  name: string;
  w: ArrayLike<number>;
  shape: readonly number[];
}

/**
 * `group_dependency: Leader`: the first tensor (the leader) is ranked, and the structures it prunes
 * are pruned in every tensor of the list (which must have as many structures), so coupled layers
 * (e.g. joined by an Add) lose the same channels.
 */
export function leaderStructureMasks(
  tensors: readonly LeaderTensor[],
  group: StructureGroup,
  s: number,
  norm: StructureNorm = 'l1',
): Map<string, Uint8Array> {
  if (tensors.length === 0) throw new PruningInputError('A leader group needs at least one tensor.');
  const [leader] = tensors;
  const { pruned } = structuredMask(leader.w, leader.shape, group, s, { norm });
  const count = structureLayout(leader.shape, group).count;
  const masks = new Map<string, Uint8Array>();
  for (const t of tensors) {
    const n = structureLayout(t.shape, group).count;
    if (n !== count)
      throw new PruningInputError(
        `Tensor ${t.name} has ${n} structures of group '${group}' but its leader ${leader.name} has ${count}.`,
      );
    masks.set(t.name, maskFromStructures(t.shape, group, pruned));
  }
  return masks;
}

// Structure groups on a tensor's canonical axes (where its output and input channels sit); a bare
// shape is read in TF.js layout (conv kernel [kh, kw, in, out], dense kernel [in, out]). Every group
// used here is "flat index i belongs to structure floor(i / stride) % count", which keeps scoring and
// masking to one pass over the weights.
import type { Convention, TensorAxes } from '../types';
import { assertSparsity, structuresPrunedCount, tfmotKeepCount } from './counting';
import { PruningInputError } from './errors';
import { mulberry32 } from './random';

/**
 * - 'filters': output channels / output neurons (last axis; PyTorch dim 0).
 * - 'channels': input channels (conv axis 2) / input features (dense axis 0; PyTorch dim 1).
 * - 'rows', 'cols': rows and columns of the dense kernel AS STORED by TF.js, [in, out]:
 *   'rows' = input features, 'cols' = output neurons (the reverse of PyTorch's [out, in]).
 * - 'kernels': one kh x kw slice per (in, out) pair, conv only, whose in and out axes are neighbours;
 *   kernel index = first_index * second_dim + second_index in the order the axes are stored (TF.js:
 *   in_index * out + out_index; [out, in, kh, kw]: out_index * in + in_index).
 */
export type StructureGroup = 'filters' | 'channels' | 'rows' | 'cols' | 'kernels';
export type StructureNorm = 'l1' | 'l2' | 'random';
/**
 * 'mean': norm / element count (Distiller's rankers; L1 mean = mean |w|). 'raw': the norm itself (PyTorch
 * ln_structured, Li et al.).
 */
export type ScoreNormalization = 'mean' | 'raw';

export const STRUCTURE_LAYOUT_NOTE =
  "Dense kernels are in TF.js layout [in, out]: 'rows' are input features and 'cols' are output neurons, " +
  "the reverse of PyTorch's [out, in] (where a row is an output neuron). 'filters' are output channels/neurons, " +
  "'channels' input channels/features, in both layouts.";

/** Where a group's structures sit in the flat array. */
export interface StructureLayout {
  /** Number of structures N. */
  count: number;
  /** Flat index i belongs to structure floor(i / stride) % count. */
  stride: number;
  /** Elements per structure. */
  size: number;
}

/** A tensor's shape and where its output and input channels sit. */
export interface TensorLayout {
  shape: readonly number[];
  axes: TensorAxes;
}

/** A bare shape is in TF.js layout: the output channels last, the input channels before them. */
export function layoutOf(tensor: readonly number[] | TensorLayout): TensorLayout {
  if (!Array.isArray(tensor)) return tensor as TensorLayout;
  const shape = tensor as readonly number[];
  const rank = shape.length;
  return { shape, axes: { out: rank - 1, in: rank - 2, spatial: rank === 4 ? [0, 1] : [] } };
}

export function structureLayout(tensor: readonly number[] | TensorLayout, group: StructureGroup): StructureLayout {
  const { shape, axes } = layoutOf(tensor);
  const n = shape.reduce((a, b) => a * b, 1);
  if (shape.length !== 2 && shape.length !== 4) {
    throw new PruningInputError(
      `Structured pruning needs a rank-2 dense kernel [in, out] or rank-4 conv kernel [kh, kw, in, out]; ` +
        `got shape [${shape.join(', ')}].`,
    );
  }
  if (n === 0) throw new PruningInputError(`Cannot prune structures of an empty tensor (shape [${shape.join(', ')}]).`);
  const conv = shape.length === 4;
  const along = (axis: number): [number, number] => [shape[axis], shape.slice(axis + 1).reduce((a, b) => a * b, 1)];
  let count: number;
  let stride: number;
  switch (group) {
    case 'filters':
      [count, stride] = along(axes.out);
      break;
    case 'channels':
      [count, stride] = along(axes.in);
      break;
    case 'rows':
    case 'cols':
      if (conv)
        throw new PruningInputError(
          `Group '${group}' applies to dense kernels [in, out] only; shape [${shape.join(', ')}] is a conv ` +
            `kernel (use 'filters', 'channels' or 'kernels').`,
        );
      [count, stride] = along(group === 'rows' ? axes.in : axes.out);
      break;
    case 'kernels':
      if (!conv)
        throw new PruningInputError(
          `Group 'kernels' applies to conv kernels [kh, kw, in, out] only; got shape [${shape.join(', ')}].`,
        );
      if (Math.abs(axes.in - axes.out) !== 1)
        throw new PruningInputError(
          `Group 'kernels' needs the input and output channel axes side by side; shape [${shape.join(', ')}] has ` +
            `them at ${axes.in} and ${axes.out}.`,
        );
      [count, stride] = along(Math.max(axes.in, axes.out));
      count *= shape[Math.min(axes.in, axes.out)];
      break;
    default:
      throw new PruningInputError(
        `Unknown structure group ${String(group)}; expected 'filters', 'channels', 'rows', 'cols' or 'kernels'.`,
      );
  }
  return { count, stride, size: n / count };
}

/** One score per structure (higher = more important), in double precision. */
export function structureScores(
  w: ArrayLike<number>,
  tensor: readonly number[] | TensorLayout,
  group: StructureGroup,
  norm: StructureNorm,
  normalize: ScoreNormalization = 'mean',
  seed = 0,
): Float64Array {
  const { count, stride, size } = structureLayout(tensor, group);
  const { shape } = layoutOf(tensor);
  const n = count * size;
  if (w.length !== n)
    throw new PruningInputError(`Weight count ${w.length} does not match shape [${shape.join(', ')}] (${n} elements).`);
  const scores = new Float64Array(count);
  if (norm === 'random') {
    const next = mulberry32(seed);
    for (let j = 0; j < count; j++) scores[j] = next();
    return scores;
  }
  if (norm !== 'l1' && norm !== 'l2')
    throw new PruningInputError(`Unknown norm ${String(norm)}; expected 'l1', 'l2' or 'random'.`);
  // Flat index i = (block * count + j) * stride + r, so structure j is the middle loop.
  const blocks = n / (count * stride);
  let i = 0;
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < count; j++) {
      let acc = 0;
      if (norm === 'l1') for (let r = 0; r < stride; r++) acc += Math.abs(w[i++]);
      else
        for (let r = 0; r < stride; r++) {
          const v = w[i++];
          acc += v * v;
        }
      scores[j] += acc;
    }
  }
  for (let j = 0; j < count; j++) {
    const raw = norm === 'l1' ? scores[j] : Math.sqrt(scores[j]);
    scores[j] = normalize === 'mean' ? raw / size : raw;
  }
  return scores;
}

export interface StructuredMaskOptions {
  norm?: StructureNorm;
  normalize?: ScoreNormalization;
  convention?: Convention;
  /** Seed for norm 'random'. */
  seed?: number;
}

export interface StructuredMaskResult {
  mask: Uint8Array;
  /** Indices of the pruned structures, ascending. */
  pruned: number[];
  scores: Float64Array;
}

/**
 * Structures to prune given their scores:
 * - 'distiller': k = floor(s N) (never all N), threshold = k-th smallest score, every score <= threshold
 *   pruned (ties); if ties would take all N, only the first N - 1 of the order are pruned (the
 *   best-scored structure, highest index among equals, is kept);
 * - 'torch': exactly round_half_even(s N), lowest scores first, lower index first among equals;
 * - 'tfmot': keep max(round_half_even(N (1 - s)) in float32, 1), scores >= the keep threshold kept.
 */
export function structuresToPrune(
  scores: ArrayLike<number>,
  s: number,
  convention: Convention = 'distiller',
): number[] {
  assertSparsity(s);
  const N = scores.length;
  // a structure holding NaN scores NaN: it ranks above +Infinity, as torch.topk ranks it (ln_structured
  // keeps it); Distiller's mask `score > threshold` is false for it, so the comparison conventions prune it
  const byScore = Array.from({ length: N }, (_, j) => j).sort((a, b) => nanLast(scores[a], scores[b]) || a - b);
  let pruned: number[];
  if (convention === 'distiller') {
    const k = structuresPrunedCount(N, s, convention);
    if (k === 0) return [];
    const threshold = scores[byScore[k - 1]];
    pruned = byScore.filter((j) => !(scores[j] > threshold));
    if (pruned.length >= N) pruned = byScore.slice(0, N - 1);
  } else if (convention === 'torch') {
    pruned = byScore.slice(0, structuresPrunedCount(N, s, convention));
  } else if (convention === 'tfmot') {
    const keep = tfmotKeepCount(N, s);
    const threshold = scores[byScore[N - keep]];
    pruned = byScore.filter((j) => !(scores[j] >= threshold));
  } else {
    throw new PruningInputError(
      `Unknown counting convention ${String(convention)}; expected 'distiller', 'torch' or 'tfmot'.`,
    );
  }
  return pruned.sort((a, b) => a - b);
}

/** Ascending, NaN after +Infinity. */
function nanLast(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
  return a - b;
}

/** Mask (1 = keep) with every element of the given structures zeroed. */
export function maskFromStructures(
  tensor: readonly number[] | TensorLayout,
  group: StructureGroup,
  prunedIndices: Iterable<number>,
): Uint8Array {
  const { count, stride, size } = structureLayout(tensor, group);
  const { shape } = layoutOf(tensor);
  const dead = new Uint8Array(count);
  for (const j of prunedIndices) {
    if (!Number.isInteger(j) || j < 0 || j >= count) {
      throw new PruningInputError(
        `Structure index ${j} is out of range for group '${group}' of shape [${shape.join(', ')}] (0..${count - 1}).`,
      );
    }
    dead[j] = 1;
  }
  const n = count * size;
  const mask = new Uint8Array(n);
  const blocks = n / (count * stride);
  let i = 0;
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < count; j++) {
      const keep = dead[j] ? 0 : 1;
      for (let r = 0; r < stride; r++) mask[i++] = keep;
    }
  }
  return mask;
}

/**
 * Rank structures and prune a fraction s of them (Distiller L1/L2RankedStructureParameterPruner, torch ln_structured).
 */
export function structuredMask(
  w: ArrayLike<number>,
  tensor: readonly number[] | TensorLayout,
  group: StructureGroup,
  s: number,
  opts: StructuredMaskOptions = {},
): StructuredMaskResult {
  const scores = structureScores(w, tensor, group, opts.norm ?? 'l1', opts.normalize ?? 'mean', opts.seed ?? 0);
  const pruned = structuresToPrune(scores, s, opts.convention ?? 'distiller');
  return { mask: maskFromStructures(tensor, group, pruned), pruned, scores };
}

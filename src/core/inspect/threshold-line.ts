// The magnitude threshold λ a histogram draws at ±λ. A threshold method (magnitude, Han's
// sensitivity) names it; for other element masks it is the cut the mask implies: the largest
// pruned |w|, when no kept weight is smaller (|w| <= λ pruned, as Distiller's level pruner).
import { sampleStd, sensitivityThreshold } from '../pruning';
import type { TensorMethod } from '../plan/plan';

/** Why a histogram has no λ line. */
export type NoLineReason =
  /** nothing is pruned */
  | 'dense'
  /** whole filters, channels, rows or kernels leave by their norm, not single weights by |w| */
  | 'structured'
  /** pruned and kept |w| overlap (random, N:M): the mask is no single magnitude cut */
  | 'not-magnitude';

export type ThresholdLine =
  { kind: 'lambda'; lambda: number; from: 'plan' | 'mask' } | { kind: 'none'; reason: NoLineReason };

/**
 * The boundary between pruned and kept |w| under `mask`: the largest pruned |w| when every kept |w| is
 * at least that large (ties on the boundary allowed, as torch's exact counts give), else null.
 */
export function maskCut(dense: ArrayLike<number>, mask: Uint8Array): number | null {
  let maxPruned = -1;
  let minKept = Infinity;
  for (let i = 0; i < dense.length; i++) {
    const a = Math.abs(dense[i]);
    if (a - a !== 0) continue;
    if (mask[i]) {
      if (a < minKept) minKept = a;
    } else if (a > maxPruned) maxPruned = a;
  }
  if (maxPruned < 0 || maxPruned > minKept) return null;
  return maxPruned;
}

/** λ for a tensor pruned by `method` with `mask` (null: dense). */
export function thresholdLine(dense: ArrayLike<number>, mask: Uint8Array | null, method: TensorMethod): ThresholdLine {
  if (method.kind === 'structured') return { kind: 'none', reason: 'structured' };
  if (method.kind === 'magnitude') return { kind: 'lambda', lambda: Math.fround(method.threshold), from: 'plan' };
  if (method.kind === 'sensitivity' && dense.length >= 2)
    return { kind: 'lambda', lambda: sensitivityThreshold(method.s, sampleStd(dense)), from: 'plan' };
  if (!mask) return { kind: 'none', reason: 'dense' };
  let pruned = false;
  for (let i = 0; i < mask.length && !pruned; i++) pruned = mask[i] === 0;
  if (!pruned) return { kind: 'none', reason: 'dense' };
  const cut = maskCut(dense, mask);
  return cut === null ? { kind: 'none', reason: 'not-magnitude' } : { kind: 'lambda', lambda: cut, from: 'mask' };
}

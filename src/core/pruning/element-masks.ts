// Element-wise masks (1 = keep, 0 = pruned) over a flat Float32Array in the model's own layout.
// Tie rules per convention (see REFERENCE):
// - 'distiller': k = floor(s n), λ = k-th smallest |w|, every |w| <= λ pruned (ties over-prune);
// - 'torch': exactly round_half_even(s n) pruned; among equal |w| the LOWER flat index is pruned first
//   (flat index in the TF.js layout, which differs from PyTorch's own flat order for the same tensor);
// - 'tfmot': keep = max(round_half_even(n (1 - s)) in float32, 1), threshold = keep-th largest |w|,
//   every |w| >= threshold kept (ties kept, can under-prune).
// NaN weights: the order puts them above +Infinity (torch.sort/topk). 'torch' prunes the first k of
// that order, so NaN goes last (kept, as l1_unstructured keeps it); 'distiller' and 'tfmot' end in a
// comparison (|w| > λ, |w| >= threshold) that is false for NaN, so they prune every NaN weight, and
// so do the threshold pruners (λ, s·σ). A threshold that is itself NaN (k reaches the NaN weights)
// makes that comparison false everywhere: every weight is pruned.
import type { Convention } from '../types';
import { assertSparsity, prunedCount, tfmotKeepCount } from './counting';
import { PruningInputError } from './errors';
import { MagnitudeOrder } from './magnitude-order';
import { sampleIndices } from './random';

/**
 * Keep |w| > λ (Distiller MagnitudeParameterPruner: |w| <= λ pruned). λ is rounded to float32 first,
 * as torch.gt(|w|, λ) does on float32 weights: a weight stored as 0.1f is pruned by λ = 0.1.
 */
export function magnitudeMask(w: ArrayLike<number>, lambda: number): Uint8Array {
  if (Number.isNaN(lambda)) throw new PruningInputError('Magnitude threshold λ is NaN; expected a number.');
  const t = Math.fround(lambda);
  const mask = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) mask[i] = Math.abs(w[i]) > t ? 1 : 0;
  return mask;
}

/** How many elements a level s prunes on this tensor (including ties), and the threshold used. */
export interface LevelCut {
  /** Number of elements pruned from the start of the magnitude order. */
  pruned: number;
  /** whether every NaN weight (the end of the order) is pruned too */
  nan: boolean;
  /**
   * distiller: λ (|w| <= λ pruned); tfmot: the keep threshold (|w| >= it kept); torch: |w| of the last pruned; null if
   * nothing pruned.
   */
  threshold: number | null;
}

/** The level cut for target sparsity s on a prepared magnitude order; no sorting. */
export function levelCut(order: MagnitudeOrder, s: number, convention: Convention): LevelCut {
  const n = order.size;
  const k = prunedCount(n, s, convention);
  if (n === 0) return { pruned: 0, threshold: null, nan: false };
  switch (convention) {
    case 'distiller': {
      if (k === 0) return { pruned: 0, threshold: null, nan: false };
      const lambda = order.sortedAbs[k - 1];
      return { pruned: Number.isNaN(lambda) ? n : order.countAtMost(lambda), threshold: lambda, nan: true };
    }
    case 'torch':
      return { pruned: k, threshold: k === 0 ? null : order.sortedAbs[k - 1], nan: false };
    case 'tfmot': {
      const keep = tfmotKeepCount(n, s);
      const threshold = order.sortedAbs[n - keep];
      return { pruned: Number.isNaN(threshold) ? n : order.countBelow(threshold), threshold, nan: true };
    }
    default:
      throw new PruningInputError(
        `Unknown counting convention ${String(convention)}; expected 'distiller', 'torch' or 'tfmot'.`,
      );
  }
}

/** Level pruner mask from a prepared order (build the order once, call this per level). */
export function levelMaskFromOrder(order: MagnitudeOrder, s: number, convention: Convention): Uint8Array {
  const cut = levelCut(order, s, convention);
  return order.maskPruningFirst(cut.pruned, cut.nan);
}

/** Level pruner: an absolute target sparsity s of the whole tensor (not of what remains). */
export function levelMask(w: ArrayLike<number>, s: number, convention: Convention = 'distiller'): Uint8Array {
  assertSparsity(s);
  return levelMaskFromOrder(MagnitudeOrder.of(w), s, convention);
}

/** Sample standard deviation (n - 1) of the signed weights, computed in double; NaN for n < 2 (as torch.std). */
export function sampleStd(w: ArrayLike<number>): number {
  const n = w.length;
  if (n < 2) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += w[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = w[i] - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/**
 * Sensitivity threshold λ = sensitivity * sigma, formed in float32 as Distiller does
 * (a Python float times a float32 std tensor).
 */
export function sensitivityThreshold(sensitivity: number, sigma: number): number {
  if (!Number.isFinite(sensitivity) || sensitivity < 0) {
    throw new PruningInputError(
      `Sensitivity must be a finite number >= 0 (λ = sensitivity * std); got ${sensitivity}.`,
    );
  }
  if (!Number.isFinite(sigma) || sigma < 0) {
    throw new PruningInputError(
      `Standard deviation must be a finite number >= 0 (use sampleStd on the dense weights, >= 2 elements); ` +
        `got ${sigma}.`,
    );
  }
  return Math.fround(Math.fround(sensitivity) * Math.fround(sigma));
}

/**
 * Sensitivity pruner (Han et al., Distiller SensitivityPruner): keep |w| > λ = sensitivity * sigma.
 * sigma is sampleStd of the DENSE weights, computed once by the caller and cached (Distiller measures
 * it on the first call), so re-pruning an already pruned tensor uses the same λ.
 */
export function sensitivityMask(w: ArrayLike<number>, sensitivity: number, sigma: number): Uint8Array {
  return magnitudeMask(w, sensitivityThreshold(sensitivity, sigma));
}

/** Sensitivity mask from a prepared order (no scan of the weights). */
export function sensitivityMaskFromOrder(order: MagnitudeOrder, sensitivity: number, sigma: number): Uint8Array {
  return order.maskPruningFirst(order.countAtMost(sensitivityThreshold(sensitivity, sigma)), true);
}

/** Magnitude mask from a prepared order: |w| <= fround(λ) pruned. */
export function magnitudeMaskFromOrder(order: MagnitudeOrder, lambda: number): Uint8Array {
  if (Number.isNaN(lambda)) throw new PruningInputError('Magnitude threshold λ is NaN; expected a number.');
  return order.maskPruningFirst(order.countAtMost(Math.fround(lambda)), true);
}

/**
 * Random pruning: exactly prunedCount(n, s, convention) elements chosen uniformly with the mulberry32
 * PRNG seeded by `seed` (partial Fisher-Yates); the same seed gives the same mask.
 */
export function randomMask(n: number, s: number, seed: number, convention: Convention = 'distiller'): Uint8Array {
  const k = prunedCount(n, s, convention);
  const mask = new Uint8Array(n).fill(1);
  const chosen = sampleIndices(n, k, seed);
  for (let j = 0; j < chosen.length; j++) mask[chosen[j]] = 0;
  return mask;
}

/**
 * PyTorch-style repeated pruning: prunes `amount` of the weights that REMAIN under currentMask
 * (0.5 twice gives 0.75), counted with the convention on the number remaining; returns the new mask
 * (already-pruned weights stay pruned).
 */
export function levelMaskOfRemaining(
  w: ArrayLike<number>,
  currentMask: Uint8Array,
  amount: number,
  convention: Convention = 'torch',
): Uint8Array {
  assertSparsity(amount, 'amount');
  if (currentMask.length !== w.length) {
    throw new PruningInputError(`Mask length ${currentMask.length} does not match weight count ${w.length}.`);
  }
  let remaining = 0;
  for (let i = 0; i < currentMask.length; i++) if (currentMask[i]) remaining++;
  const where = new Uint32Array(remaining);
  const values = new Float32Array(remaining);
  for (let i = 0, j = 0; i < currentMask.length; i++) {
    if (currentMask[i]) {
      where[j] = i;
      values[j++] = w[i];
    }
  }
  const partial = levelMask(values, amount, convention);
  const mask = new Uint8Array(w.length);
  for (let j = 0; j < remaining; j++) mask[where[j]] = partial[j];
  return mask;
}

/**
 * Global magnitude pruning (torch global_unstructured): one ranking of |w| across all given tensors,
 * target s of their total size; ties broken by position in the concatenation (earlier tensor first).
 */
export function globalMagnitudeMasks(
  tensors: { w: ArrayLike<number> }[],
  s: number,
  convention: Convention = 'torch',
): Uint8Array[] {
  assertSparsity(s);
  let total = 0;
  for (const t of tensors) total += t.w.length;
  const all = new Float32Array(total);
  let at = 0;
  for (const t of tensors) {
    for (let i = 0; i < t.w.length; i++) all[at + i] = t.w[i];
    at += t.w.length;
  }
  const mask = levelMask(all, s, convention);
  const masks: Uint8Array[] = [];
  at = 0;
  for (const t of tensors) {
    masks.push(mask.slice(at, at + t.w.length));
    at += t.w.length;
  }
  return masks;
}

/** Per-layer bounds on a requested sparsity. */
export interface SparsityCaps {
  minSparsity?: number;
  maxSparsity?: number;
}

/** Clamp a requested sparsity to a layer's [minSparsity, maxSparsity] (defaults 0 and 1). */
export function capSparsity(requested: number, caps: SparsityCaps = {}): number {
  assertSparsity(requested, 'requested sparsity');
  const lo = caps.minSparsity ?? 0;
  const hi = caps.maxSparsity ?? 1;
  assertSparsity(lo, 'minSparsity');
  assertSparsity(hi, 'maxSparsity');
  if (lo > hi) throw new PruningInputError(`minSparsity (${lo}) is larger than maxSparsity (${hi}).`);
  return Math.min(hi, Math.max(lo, requested));
}

/**
 * Never empty a layer: if the mask keeps nothing (and allowEmpty is false), keep the largest |w|
 * (lowest index among equals). Returns a new mask when it changed anything.
 */
export function guardNonEmpty(
  mask: Uint8Array,
  w: ArrayLike<number>,
  allowEmpty = false,
): { mask: Uint8Array; adjusted: boolean } {
  if (allowEmpty || mask.length === 0 || mask.some((m) => m !== 0)) return { mask, adjusted: false };
  let best = 0;
  for (let i = 1; i < w.length; i++) if (Math.abs(w[i]) > Math.abs(w[best])) best = i;
  const kept = new Uint8Array(mask.length);
  kept[best] = 1;
  return { mask: kept, adjusted: true };
}

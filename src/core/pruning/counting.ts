import type { Convention } from '../types';
import { PruningInputError } from './errors';

/**
 * Round to the nearest integer, halves to the even neighbour (Python's round, torch.round, tf.round).
 * JavaScript's Math.round rounds halves up, which matches none of the reference tools.
 */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Throws unless s is a finite number in [0, 1]. `what` names the argument in the message. */
export function assertSparsity(s: number, what = 'sparsity'): void {
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 1) {
    throw new PruningInputError(
      `${what} must be a number between 0 and 1 (a fraction, not a percent); got ${String(s)}.`,
    );
  }
}

function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new PruningInputError(`${what} must be a non-negative integer; got ${String(n)}.`);
  }
}

/**
 * TF-MOT's keep count: max(round_half_even(n * (1 - s)), 1), evaluated in float32 as TF-MOT does
 * (sparsity is a float32 tensor, size is cast to float32). n = 10, s = 0.85 keeps 1 here, 2 in double.
 */
export function tfmotKeepCount(n: number, s: number): number {
  assertCount(n, 'element count');
  assertSparsity(s);
  if (n === 0) return 0;
  const keepFraction = Math.fround(1 - Math.fround(s));
  const keep = roundHalfEven(Math.fround(Math.fround(n) * keepFraction));
  return Math.min(n, Math.max(keep, 1));
}

/**
 * Number of elements a target sparsity s prunes out of n under a counting convention:
 * - 'distiller': floor(s * n) — the level pruner then also prunes every tie at the threshold;
 * - 'torch': round_half_even(s * n), exactly that many;
 * - 'tfmot': n - keep with keep = max(round_half_even(n (1 - s)) in float32, 1) — ties are then kept.
 * s * n is computed in double, as Python does for Distiller and PyTorch.
 */
export function prunedCount(n: number, s: number, convention: Convention): number {
  assertCount(n, 'element count');
  assertSparsity(s);
  switch (convention) {
    case 'distiller':
      return Math.floor(s * n);
    case 'torch':
      return roundHalfEven(s * n);
    case 'tfmot':
      return n - tfmotKeepCount(n, s);
    default:
      throw new PruningInputError(
        `Unknown counting convention ${String(convention)}; expected 'distiller', 'torch' or 'tfmot'.`,
      );
  }
}

/**
 * Number of structures (filters, channels, ...) pruned out of N:
 * - 'distiller': floor(s * N), but never all N (then N - 1), as Distiller's structure rankers;
 * - 'torch': round_half_even(s * N), exactly (ln_structured may prune all of them at s = 1);
 * - 'tfmot': N - max(round_half_even(N (1 - s)) in float32, 1), never all N.
 */
export function structuresPrunedCount(N: number, s: number, convention: Convention): number {
  const k = prunedCount(N, s, convention);
  if (convention === 'distiller' && N > 0 && k >= N) return N - 1;
  return k;
}

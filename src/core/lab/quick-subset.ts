// The quick estimate runs on a class-balanced subset whose size follows the measured speed, so
// that it arrives within about QUICK_TARGET_MS of a change.
import type { EvalFigure } from './types';

const QUICK_TARGET_MS = 80;
export const QUICK_MIN = 100;
export const QUICK_MAX = 1000;
export const QUICK_DEFAULT = 500;

/** Images the quick subset should hold, given how fast the full evaluation ran (a multiple of 10). */
export function quickSubsetSize(full: EvalFigure): number {
  const perImageMs = full.ms / Math.max(full.metrics.n, 1);
  return Math.round(Math.min(QUICK_MAX, Math.max(QUICK_MIN, QUICK_TARGET_MS / perImageMs)) / 10) * 10;
}

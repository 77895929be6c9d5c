import { PruningInputError } from './errors';

// Ordering uses a stable LSD radix sort on the float32 bit pattern of |w| (monotonic for
// non-negative floats), carrying the flat index: stability gives "lower index first" among equal
// magnitudes for free, and it is several times faster than Array.prototype.sort with a comparator.
// NaN sorts after +Infinity (its bit pattern 0x7FC00000 is above Infinity's 0x7F800000), as torch.sort
// and torch.topk order it: the NaN weights are the last `nanCount` entries of the order.
const RADIX_BITS = 11;
const RADIX_SIZE = 1 << RADIX_BITS;
const RADIX_MASK = RADIX_SIZE - 1;
const CANONICAL_NAN = 0x7fc00000;

/**
 * The elements of one tensor ordered by ascending |w|, ties by ascending flat index.
 * Built once per tensor (one sort); every level's threshold and mask then costs O(n) or less.
 */
export class MagnitudeOrder {
  /** |w| in ascending order. */
  readonly sortedAbs: Float32Array;
  /** Flat indices in the same order: |w[order[0]]| is the smallest, lower index first among equals. */
  readonly order: Uint32Array;

  /** How many weights are NaN: the last entries of `order`. */
  readonly nanCount: number;

  private constructor(sortedAbs: Float32Array, order: Uint32Array, nanCount: number) {
    this.sortedAbs = sortedAbs;
    this.order = order;
    this.nanCount = nanCount;
  }

  get size(): number {
    return this.order.length;
  }

  /** Values are taken as float32 (the weights' own precision). */
  static of(w: ArrayLike<number>): MagnitudeOrder {
    const n = w.length;
    const abs = new Float32Array(n);
    const bits = new Uint32Array(abs.buffer);
    let nanCount = 0;
    for (let i = 0; i < n; i++) {
      const v = w[i];
      abs[i] = Math.abs(v);
      // one bit pattern for every NaN (a sign or payload would split them), so they tie and keep index order
      if (Number.isNaN(v)) {
        bits[i] = CANONICAL_NAN;
        nanCount++;
      }
    }
    const order = radixOrder(abs);
    const sortedAbs = new Float32Array(n);
    for (let i = 0; i < n; i++) sortedAbs[i] = abs[order[i]];
    return new MagnitudeOrder(sortedAbs, order, nanCount);
  }

  /** The k-th smallest |w| (k is 1-based, 1 <= k <= n). */
  kthSmallest(k: number): number {
    if (!Number.isInteger(k) || k < 1 || k > this.size) {
      throw new PruningInputError(`k must be an integer between 1 and ${this.size}; got ${k}.`);
    }
    return this.sortedAbs[k - 1];
  }

  /** How many elements have |w| <= t. */
  countAtMost(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sortedAbs[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many elements have |w| < t. */
  countBelow(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sortedAbs[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Mask (1 = keep) pruning the first `count` elements of the order, and every NaN weight too when
   * `nan` (a comparison such as Distiller's |w| > λ is false for NaN, so it prunes them).
   */
  maskPruningFirst(count: number, nan = false): Uint8Array {
    const mask = new Uint8Array(this.size).fill(1);
    const c = Math.max(0, Math.min(count, this.size));
    for (let i = 0; i < c; i++) mask[this.order[i]] = 0;
    if (nan) for (let i = this.size - this.nanCount; i < this.size; i++) mask[this.order[i]] = 0;
    return mask;
  }
}

/** Indices of `abs` (non-negative floats) in ascending order of value, ties by ascending index. */
function radixOrder(abs: Float32Array): Uint32Array {
  const n = abs.length;
  const bits = new Uint32Array(abs.buffer, abs.byteOffset, n);
  let keys = new Uint32Array(bits);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  let keysOut = new Uint32Array(n);
  let orderOut = new Uint32Array(n);
  const counts = new Uint32Array(RADIX_SIZE);
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & RADIX_MASK]++;
    if (counts[(keys[0] >>> shift) & RADIX_MASK] === n) continue; // every key shares this digit
    let total = 0;
    for (let b = 0; b < RADIX_SIZE; b++) {
      const c = counts[b];
      counts[b] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const d = (keys[i] >>> shift) & RADIX_MASK;
      const at = counts[d]++;
      keysOut[at] = keys[i];
      orderOut[at] = order[i];
    }
    [keys, keysOut] = [keysOut, keys];
    [order, orderOut] = [orderOut, order];
  }
  return order;
}

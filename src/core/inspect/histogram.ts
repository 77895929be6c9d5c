// A tensor's weight histogram with numpy.histogram's binning: `bins` equal bins over the finite
// [min, max] of the DENSE weights (so the bins stay put while masks change), every bin left-closed
// [e_i, e_i+1) except the last, which also holds its right edge. The kept weights (mask 1) are
// counted on the same bins.

/** Equal-width bin edges as numpy.linspace(first, last, bins + 1) gives them. */
export function binEdges(first: number, last: number, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`a histogram needs a whole number of bins >= 1; got ${bins}`);
  if (!(Number.isFinite(first) && Number.isFinite(last) && first <= last))
    throw new RangeError(`histogram range [${first}, ${last}] must be finite with first <= last`);
  // numpy widens an empty range by 0.5 on each side
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => i * step + first);
  edges[bins] = last;
  return edges;
}

/** The finite min and max of `values` and how many are NaN or ±Infinity; [0, 1] when none is finite (numpy's default). */
export function finiteRange(values: ArrayLike<number>): { first: number; last: number; nonFinite: number } {
  let first = Infinity;
  let last = -Infinity;
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0)
      nonFinite++; // NaN and ±Infinity
    else {
      if (v < first) first = v;
      if (v > last) last = v;
    }
  }
  return first <= last ? { first, last, nonFinite } : { first: 0, last: 1, nonFinite };
}

export interface BinnedCounts {
  /** bins + 1 edges */
  edges: number[];
  /** every finite value, per bin */
  counts: number[];
  /** the values whose mask is 1, per bin; null when there is no mask */
  kept: number[] | null;
  /** NaN and ±Infinity values, left out of every bin */
  nonFinite: number;
}

/**
 * Counts `values` into `bins` equal bins over their finite range (numpy.histogram(values[finite], bins)),
 * and the values `mask` keeps into the same bins. One pass after the range; no sort, no tensor.
 */
export function histogramCounts(values: ArrayLike<number>, bins: number, mask: Uint8Array | null = null): BinnedCounts {
  if (mask && mask.length !== values.length)
    throw new RangeError(`mask has ${mask.length} elements; the tensor has ${values.length}`);
  const { first: lo, last: hi, nonFinite } = finiteRange(values);
  const edges = binEdges(lo, hi, bins);
  const e = Float64Array.from(edges);
  const first = e[0];
  // numpy scales by (v - first) / span * bins; any guess within one bin gives the same result after the
  // correction against the exact edges, so one multiplication stands in for the division
  const norm = bins / (e[bins] - first);
  const last = bins - 1;
  const counts = new Int32Array(bins);
  const kept = mask ? new Int32Array(bins) : null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) continue; // NaN, ±Infinity
    let b = Math.trunc((v - first) * norm);
    if (b > last) b = last;
    if (v < e[b]) b--;
    else if (b !== last && v >= e[b + 1]) b++;
    counts[b]++;
    if (kept !== null && mask![i] !== 0) kept[b]++;
  }
  return { edges, counts: Array.from(counts), kept: kept && Array.from(kept), nonFinite };
}

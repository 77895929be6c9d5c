import { describe, expect, it } from 'vitest';
import { binEdges, finiteRange, histogramCounts } from './histogram';

// Expected vectors come from numpy 2.4:
//   a = np.asarray(values, dtype=np.float64); c, e = np.histogram(a[np.isfinite(a)], bins=B)
//   kept: np.histogram(a[mask & np.isfinite(a)], bins=e)
// Float32 inputs are given to numpy as float64 (np.float32(x).astype(np.float64)), so both sides bin in double.

describe('histogramCounts (numpy.histogram semantics)', () => {
  it('left-closed bins, the last bin right-closed', () => {
    const h = histogramCounts([0, 0.25, 0.5, 0.75, 1], 4);
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // numpy: [1, 1, 1, 2]: 0.25 opens bin 1, 1.0 (the max) closes the last bin
    expect(h.counts).toEqual([1, 1, 1, 2]);
  });

  it('values on rounded edges fall where numpy puts them', () => {
    // k * 0.1 for k = -10..10 into 20 bins: linspace's edges are off by an ulp from most values
    const tenths = Array.from({ length: 21 }, (_, i) => (i - 10) * 0.1);
    const h = histogramCounts(tenths, 20);
    expect(h.counts).toEqual([1, 1, 2, 1, 0, 2, 1, 1, 1, 0, 2, 1, 0, 2, 0, 1, 2, 0, 2, 1]);
    expect(h.edges[6]).toBe(-0.3999999999999999);
    expect(h.edges[11]).toBe(0.10000000000000009);
    expect(h.edges[20]).toBe(1);
  });

  it('float32 weights', () => {
    const w = Float32Array.from({ length: 21 }, (_, i) => (i - 10) * 0.1);
    expect(histogramCounts(w, 20).counts).toEqual([1, 2, 0, 2, 0, 2, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 2, 0, 2, 1]);
  });

  it('one repeated value: the range is widened by 0.5 on each side', () => {
    const h = histogramCounts([0.3, 0.3, 0.3], 5);
    expect(h.edges).toEqual([-0.2, 0, 0.2, 0.4000000000000001, 0.6000000000000001, 0.8]);
    expect(h.counts).toEqual([0, 0, 3, 0, 0]);
  });

  it('NaN and ±Infinity are counted apart and left out of the range', () => {
    const h = histogramCounts([NaN, 1, 2, Infinity, 3, -Infinity], 4);
    expect(h.edges).toEqual([1, 1.5, 2, 2.5, 3]);
    expect(h.counts).toEqual([1, 0, 1, 1]);
    expect(h.nonFinite).toBe(3);
  });

  it('kept weights are counted on the dense bins', () => {
    const w = new Float32Array([0.1, -0.4, 0.3, -0.2, 0.05, 0.6, -0.7, 0]);
    const h = histogramCounts(w, 4, new Uint8Array([0, 1, 1, 0, 0, 1, 1, 0]));
    expect(h.edges).toEqual([
      -0.699999988079071, -0.3749999850988388, -0.04999998211860657, 0.27500002086162567, 0.6000000238418579,
    ]);
    expect(h.counts).toEqual([2, 1, 3, 2]);
    expect(h.kept).toEqual([2, 0, 0, 2]);
  });

  it('agrees with a search over the edges on many random weights', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const w = Float32Array.from({ length: 20000 }, () => Math.fround(rand() ** 3 * 0.2));
    const mask = Uint8Array.from(w, (v) => (Math.abs(v) > 0.01 ? 1 : 0));
    const h = histogramCounts(w, 37, mask);
    const counts = new Array(37).fill(0);
    const kept = new Array(37).fill(0);
    w.forEach((v, i) => {
      let b = h.edges.findIndex((e, j) => j < 37 && v >= e && v < h.edges[j + 1]);
      if (b < 0) b = 36; // only the max, on the last (right-closed) edge
      counts[b]++;
      kept[b] += mask[i];
    });
    expect(h.counts).toEqual(counts);
    expect(h.kept).toEqual(kept);
    expect(h.counts.reduce((a, b) => a + b)).toBe(w.length);
  });

  it('refuses a bad bin count or a mask of the wrong size', () => {
    expect(() => histogramCounts([1, 2], 0)).toThrow(/whole number of bins/);
    expect(() => histogramCounts([1, 2], 2.5)).toThrow(/whole number of bins/);
    expect(() => histogramCounts([1, 2], 4, new Uint8Array(3))).toThrow(/mask has 3 elements; the tensor has 2/);
  });

  it('numpy defaults when nothing is finite', () => {
    expect(finiteRange([NaN])).toEqual({ first: 0, last: 1, nonFinite: 1 });
    expect(binEdges(0, 1, 2)).toEqual([0, 0.5, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { MagnitudeOrder } from './index';

describe('MagnitudeOrder', () => {
  it('orders by |w| ascending, lower index first among equals', () => {
    const w = new Float32Array([0.3, -0.1, 0.2, 0.1, -0.5, 0.2, 0.05, -0.2, 0.4, 0]);
    const o = MagnitudeOrder.of(w);
    expect(Array.from(o.order)).toEqual([9, 6, 1, 3, 2, 5, 7, 0, 8, 4]);
    expect(Array.from(o.sortedAbs)).toEqual(
      Array.from(new Float32Array([0, 0.05, 0.1, 0.1, 0.2, 0.2, 0.2, 0.3, 0.4, 0.5])),
    );
    expect(o.kthSmallest(3)).toBe(Math.fround(0.1));
    expect(o.countAtMost(Math.fround(0.2))).toBe(7);
    expect(o.countBelow(Math.fround(0.2))).toBe(4);
    expect(Array.from(o.maskPruningFirst(3))).toEqual([1, 0, 1, 1, 1, 1, 0, 1, 1, 0]);
  });

  it('matches a comparator sort on random data with many ties, negative zeros and infinities', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const w = new Float32Array(5000).map(() => Math.round((rand() - 0.5) * 40) / 8);
    w[10] = -0;
    w[11] = Infinity;
    w[12] = -Infinity;
    w[13] = 1e-40; // subnormal
    const expected = Array.from(w.keys()).sort((a, b) => Math.abs(w[a]) - Math.abs(w[b]) || a - b);
    expect(Array.from(MagnitudeOrder.of(w).order)).toEqual(expected);
  });

  it('handles empty and single-element tensors; NaN of any sign or payload ranks last, ties by index', () => {
    expect(MagnitudeOrder.of(new Float32Array(0)).size).toBe(0);
    expect(Array.from(MagnitudeOrder.of(new Float32Array([-2])).order)).toEqual([0]);
    const w = new Float32Array([NaN, 1, Infinity, 0]);
    new Uint32Array(w.buffer)[0] = 0xffc00001; // a negative NaN with a payload
    const order = MagnitudeOrder.of(w);
    expect(Array.from(order.order)).toEqual([3, 1, 2, 0]);
    expect(order.nanCount).toBe(1);
    expect(() => MagnitudeOrder.of(new Float32Array([1])).kthSmallest(2)).toThrow(/between 1 and 1/);
  });
});

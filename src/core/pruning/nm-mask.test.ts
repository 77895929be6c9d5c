import { describe, expect, it } from 'vitest';
import { PruningInputError, nmApplicable, nmMask } from './index';

describe('nmMask', () => {
  it('2:4 on a dense [in=4, out=2] kernel keeps the 2 largest |w| per output, lower input first on ties', () => {
    // output 0 sees inputs [0.1, -0.9, 0.5, 0.5]; output 1 sees [3, 0, 0, -1]
    const w = new Float32Array([0.1, 3, -0.9, 0, 0.5, 0, 0.5, -1]);
    expect(Array.from(nmMask(w, [4, 2], 2, 4))).toEqual([0, 1, 1, 0, 1, 0, 0, 1]);
  });
  it('conv [kh, kw, in, out]: groups of consecutive input channels at each (kh, kw, out)', () => {
    // kh=2, kw=1, in=4, out=1: two spatial positions, one group each
    const w = new Float32Array([0.1, -0.9, 0.5, 0.5, 4, 3, 2, 1]);
    expect(Array.from(nmMask(w, [2, 1, 4, 1], 2, 4))).toEqual([0, 1, 1, 0, 1, 1, 0, 0]);
    // 1:2 on in=4: two groups per position
    expect(Array.from(nmMask(w, [2, 1, 4, 1], 1, 2))).toEqual([0, 1, 1, 0, 1, 0, 1, 0]);
  });
  it('each group keeps exactly N', () => {
    const w = new Float32Array(3 * 3 * 8 * 5).map((_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const mask = nmMask(w, [3, 3, 8, 5], 2, 4);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(w.length / 2);
  });
  it('refuses an input dimension that is not a multiple of M', () => {
    expect(nmApplicable([5, 5, 1, 6], 4)).toBe(false);
    expect(nmApplicable([400, 120], 4)).toBe(true);
    expect(() => nmMask(new Float32Array(6), [3, 2], 2, 4)).toThrow(PruningInputError);
    expect(() => nmMask(new Float32Array(6), [3, 2], 2, 4)).toThrow(/multiple of 4/);
    expect(() => nmMask(new Float32Array(8), [4, 2], 5, 4)).toThrow(/0 <= N <= M/);
  });
});

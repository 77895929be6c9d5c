import { describe, expect, it } from 'vitest';
import { PruningInputError, andMasks, applyMask, countKept } from './index';

describe('mask ops', () => {
  it('applyMask zeroes pruned weights without touching the dense array', () => {
    const w = new Float32Array([1, -2, 3, -4]);
    const out = applyMask(w, new Uint8Array([1, 0, 0, 1]));
    expect(Array.from(out)).toEqual([1, 0, 0, -4]);
    expect(Array.from(w)).toEqual([1, -2, 3, -4]);
    expect(() => applyMask(w, new Uint8Array(3))).toThrow(PruningInputError);
  });
  it('countKept and andMasks', () => {
    expect(countKept(new Uint8Array([1, 0, 1, 1]))).toBe(3);
    expect(Array.from(andMasks(new Uint8Array([1, 0, 1, 1]), new Uint8Array([1, 1, 0, 1])))).toEqual([1, 0, 0, 1]);
    expect(() => andMasks(new Uint8Array(2), new Uint8Array(3))).toThrow(/lengths 2 and 3/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  MagnitudeOrder,
  PruningInputError,
  capSparsity,
  countKept,
  globalMagnitudeMasks,
  guardNonEmpty,
  levelCut,
  levelMask,
  levelMaskFromOrder,
  levelMaskOfRemaining,
  magnitudeMask,
  magnitudeMaskFromOrder,
  randomMask,
  sampleStd,
  sensitivityMask,
  sensitivityMaskFromOrder,
  sensitivityThreshold,
} from './index';

// |w| ascending: 0 (i9), 0.05 (i6), 0.1 (i1, i3), 0.2 (i2, i5, i7), 0.3 (i0), 0.4 (i8), 0.5 (i4)
const w = new Float32Array([0.3, -0.1, 0.2, 0.1, -0.5, 0.2, 0.05, -0.2, 0.4, 0]);
const pruned = (mask: Uint8Array) => Array.from(mask.keys()).filter((i) => mask[i] === 0);

describe('magnitudeMask', () => {
  it('keeps |w| > λ, λ in float32 (weights equal to λ are pruned)', () => {
    expect(pruned(magnitudeMask(w, 0.1))).toEqual([1, 3, 6, 9]);
    expect(pruned(magnitudeMask(w, 0.15))).toEqual([1, 3, 6, 9]);
    expect(pruned(magnitudeMask(w, -1))).toEqual([]);
    expect(pruned(magnitudeMaskFromOrder(MagnitudeOrder.of(w), 0.2))).toEqual([1, 2, 3, 5, 6, 7, 9]);
  });
});

describe('levelMask', () => {
  it('distiller: floor count, every tie at λ pruned (over-prunes)', () => {
    expect(pruned(levelMask(w, 0.25, 'distiller'))).toEqual([6, 9]);
    expect(pruned(levelMask(w, 0.3, 'distiller'))).toEqual([1, 3, 6, 9]); // k=3, λ=0.1, both 0.1s go
    expect(pruned(levelMask(w, 0.5, 'distiller'))).toEqual([1, 2, 3, 5, 6, 7, 9]); // k=5, λ=0.2: 7 pruned
  });
  it('distiller: k = 0 is a no-op', () => {
    expect(pruned(levelMask(w, 0.05, 'distiller'))).toEqual([]);
    expect(levelCut(MagnitudeOrder.of(w), 0.05, 'distiller')).toEqual({ pruned: 0, threshold: null, nan: false });
  });
  it('torch: exactly round_half_even(s n), lower index first among ties', () => {
    expect(pruned(levelMask(w, 0.3, 'torch'))).toEqual([1, 6, 9]);
    expect(pruned(levelMask(w, 0.5, 'torch'))).toEqual([1, 2, 3, 6, 9]);
    expect(pruned(levelMask(w, 0.35, 'torch'))).toEqual([1, 3, 6, 9]); // 3.5 -> 4
    expect(pruned(levelMask(w, 0.25, 'torch'))).toEqual([6, 9]); // 2.5 -> 2
  });
  it('tfmot: keep count in float32, ties at the threshold kept (under-prunes)', () => {
    expect(pruned(levelMask(w, 0.5, 'tfmot'))).toEqual([1, 3, 6, 9]); // keep 5, threshold 0.2 keeps 6
    expect(pruned(levelMask(w, 0.3, 'tfmot'))).toEqual([6, 9]); // keep 7, threshold 0.1 keeps 8
    const distinct = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pruned(levelMask(distinct, 0.85, 'tfmot'))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]); // float32 keeps 1
    expect(pruned(levelMask(distinct, 1, 'tfmot'))).toHaveLength(9);
  });
  it('one order serves every level', () => {
    const o = MagnitudeOrder.of(w);
    for (const c of ['distiller', 'torch', 'tfmot'] as const) {
      for (const s of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1])
        expect(levelMaskFromOrder(o, s, c)).toEqual(levelMask(w, s, c));
    }
  });
  it('all-equal weights: distiller prunes everything at any k >= 1, tfmot prunes nothing', () => {
    const flat = new Float32Array(8).fill(0.5);
    expect(countKept(levelMask(flat, 0.2, 'distiller'))).toBe(0);
    expect(countKept(levelMask(flat, 0.2, 'tfmot'))).toBe(8);
    expect(countKept(levelMask(flat, 0.2, 'torch'))).toBe(6); // round(1.6) = 2
  });
  it('rejects a bad level', () => {
    expect(() => levelMask(w, 1.2)).toThrow(PruningInputError);
  });
});

describe('sensitivity', () => {
  it('sampleStd uses n - 1', () => {
    expect(sampleStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(sampleStd([2])).toBeNaN();
  });
  it('λ = s * std, |w| <= λ pruned', () => {
    const v = new Float32Array([-2, -1, 0, 1, 2]); // mean 0, sample variance 10/4, std 1.5811
    const sigma = sampleStd(v);
    expect(sigma).toBeCloseTo(1.58113883, 7);
    expect(pruned(sensitivityMask(v, 0.5, sigma))).toEqual([2]); // λ = 0.79
    expect(pruned(sensitivityMask(v, 0.7, sigma))).toEqual([1, 2, 3]); // λ = 1.107
    expect(pruned(sensitivityMask(v, 1.3, sigma))).toEqual([0, 1, 2, 3, 4]); // λ = 2.055
    expect(sensitivityMaskFromOrder(MagnitudeOrder.of(v), 0.7, sigma)).toEqual(sensitivityMask(v, 0.7, sigma));
    expect(sensitivityThreshold(0.5, sigma)).toBeCloseTo(0.790569, 6);
    expect(() => sensitivityMask(v, 1, NaN)).toThrow(/Standard deviation/);
    expect(() => sensitivityMask(v, -1, 1)).toThrow(/Sensitivity/);
  });
});

describe('randomMask', () => {
  it('prunes exactly k, reproducibly per seed', () => {
    const a = randomMask(1000, 0.37, 42);
    expect(1000 - countKept(a)).toBe(370);
    expect(randomMask(1000, 0.37, 42)).toEqual(a);
    expect(randomMask(1000, 0.37, 43)).not.toEqual(a);
    expect(10 - countKept(randomMask(10, 0.35, 1, 'torch'))).toBe(4);
    expect(1000 - countKept(randomMask(1000, 0, 1))).toBe(0);
  });
});

describe('levelMaskOfRemaining (PyTorch repeated pruning)', () => {
  it('0.5 of what remains, twice, gives 0.75', () => {
    const v = new Float32Array(Array.from({ length: 16 }, (_, i) => (i % 2 ? -1 : 1) * (i + 1)));
    const once = levelMaskOfRemaining(v, new Uint8Array(16).fill(1), 0.5, 'torch');
    expect(pruned(once)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const twice = levelMaskOfRemaining(v, once, 0.5, 'torch');
    expect(pruned(twice)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // remaining 12 -> round(0.3 * 12 = 3.6) = 4 more
    expect(
      16 -
        countKept(
          levelMaskOfRemaining(
            v,
            twice.map(() => 1).map((_, i) => (i < 4 ? 0 : 1)),
            0.3,
            'torch',
          ),
        ),
    ).toBe(8);
    expect(() => levelMaskOfRemaining(v, new Uint8Array(3), 0.5)).toThrow(/does not match/);
  });
});

describe('globalMagnitudeMasks', () => {
  it('ranks |w| across tensors', () => {
    const a = new Float32Array([0.9, -0.1, 0.5]);
    const b = new Float32Array([0.2, -0.8, 0.05, 0.3]);
    const [ma, mb] = globalMagnitudeMasks([{ w: a }, { w: b }], 3 / 7 + 1e-9, 'torch'); // round(3.0000001) = 3
    expect(pruned(ma)).toEqual([1]);
    expect(pruned(mb)).toEqual([0, 2]);
    const [da, db] = globalMagnitudeMasks([{ w: a }, { w: b }], 0.6, 'distiller'); // floor(4.2) = 4
    expect(pruned(da)).toEqual([1]);
    expect(pruned(db)).toEqual([0, 2, 3]);
  });
});

describe('caps and guard', () => {
  it('clamps requested sparsity to [min, max]', () => {
    expect(capSparsity(0.95, { maxSparsity: 0.8 })).toBe(0.8);
    expect(capSparsity(0.1, { minSparsity: 0.2 })).toBe(0.2);
    expect(capSparsity(0.5)).toBe(0.5);
    expect(() => capSparsity(0.5, { minSparsity: 0.6, maxSparsity: 0.4 })).toThrow(/larger than/);
  });
  it('never empties a layer unless allowEmpty', () => {
    const v = new Float32Array([0.1, -0.7, 0.7, 0.2]);
    const empty = new Uint8Array(4);
    const g = guardNonEmpty(empty, v);
    expect(g.adjusted).toBe(true);
    expect(Array.from(g.mask)).toEqual([0, 1, 0, 0]);
    expect(guardNonEmpty(empty, v, true)).toEqual({ mask: empty, adjusted: false });
    const some = new Uint8Array([0, 0, 1, 0]);
    expect(guardNonEmpty(some, v).mask).toBe(some);
  });
});

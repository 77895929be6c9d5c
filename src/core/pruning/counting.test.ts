import { describe, expect, it } from 'vitest';
import { PruningInputError, prunedCount, roundHalfEven, structuresPrunedCount, tfmotKeepCount } from './index';

describe('roundHalfEven', () => {
  it('rounds halves to the even neighbour, unlike Math.round', () => {
    expect([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5].map(roundHalfEven)).toEqual([0, 2, 2, 4, 0, -2, -2]);
    expect([0.49, 0.51, 2.4999, 2.5001, 7].map(roundHalfEven)).toEqual([0, 1, 2, 3, 7]);
    expect(Math.round(2.5)).toBe(3); // the reason roundHalfEven exists
  });
});

describe('prunedCount: REFERENCE counting table', () => {
  // [n, s, torch, distiller, tfmot] — pruned counts straight from REFERENCE.md
  const table: [number, number, number, number, number][] = [
    [10, 0.25, 2, 2, 2],
    [10, 0.35, 4, 3, 4],
    [10, 0.15, 2, 1, 2],
    [5, 0.5, 2, 2, 3],
    [10, 0.05, 0, 0, 0],
  ];
  for (const [n, s, torch, distiller, tfmot] of table) {
    it(`n=${n}, s=${s}: torch ${torch}, distiller ${distiller}, tfmot ${tfmot}`, () => {
      expect(prunedCount(n, s, 'torch')).toBe(torch);
      expect(prunedCount(n, s, 'distiller')).toBe(distiller);
      expect(prunedCount(n, s, 'tfmot')).toBe(tfmot);
    });
  }

  it('tfmot counts in float32: n=10, s=0.85 keeps 1 (double arithmetic would keep 2)', () => {
    expect(tfmotKeepCount(10, 0.85)).toBe(1);
    expect(prunedCount(10, 0.85, 'tfmot')).toBe(9);
    expect(Math.max(roundHalfEven(10 * (1 - 0.85)), 1)).toBe(2);
  });

  it('tfmot float32 path agrees with float32 arithmetic done through a Float32Array', () => {
    const f32 = new Float32Array(3);
    let disagreeWithDouble = 0;
    let mismatches = 0;
    for (let n = 1; n <= 300; n++) {
      for (let i = 1; i <= 99; i++) {
        const s = i / 100;
        f32[0] = s;
        f32[1] = 1 - f32[0];
        f32[2] = n * f32[1];
        const keep = Math.max(roundHalfEven(f32[2]), 1);
        if (tfmotKeepCount(n, s) !== keep) mismatches++;
        if (keep !== Math.max(roundHalfEven(n * (1 - s)), 1)) disagreeWithDouble++;
      }
    }
    expect(mismatches).toBe(0);
    expect(disagreeWithDouble).toBeGreaterThan(0);
  });

  it('tfmot always keeps at least one element', () => {
    expect(prunedCount(10, 1, 'tfmot')).toBe(9);
    expect(prunedCount(1, 0.9, 'tfmot')).toBe(0);
    expect(prunedCount(10, 1, 'distiller')).toBe(10);
    expect(prunedCount(10, 1, 'torch')).toBe(10);
  });

  it('empty tensors prune nothing', () => {
    for (const c of ['distiller', 'torch', 'tfmot'] as const) expect(prunedCount(0, 0.5, c)).toBe(0);
  });

  it('rejects sparsity outside [0, 1] with a clear error', () => {
    expect(() => prunedCount(10, 1.5, 'torch')).toThrow(PruningInputError);
    expect(() => prunedCount(10, -0.1, 'distiller')).toThrow(/between 0 and 1/);
    expect(() => prunedCount(10, NaN, 'tfmot')).toThrow(PruningInputError);
    expect(() => prunedCount(10, 50, 'torch')).toThrow(/not a percent/);
    expect(() => prunedCount(-1, 0.5, 'torch')).toThrow(/non-negative integer/);
    expect(() => prunedCount(10, 0.5, 'keras' as never)).toThrow(/Unknown counting convention/);
  });
});

describe('structuresPrunedCount', () => {
  it('distiller floors and never prunes all N', () => {
    expect(structuresPrunedCount(6, 0.5, 'distiller')).toBe(3);
    expect(structuresPrunedCount(6, 0.6, 'distiller')).toBe(3); // floor(3.6)
    expect(structuresPrunedCount(6, 1, 'distiller')).toBe(5);
    expect(structuresPrunedCount(1, 1, 'distiller')).toBe(0);
    expect(structuresPrunedCount(3, 0.3, 'distiller')).toBe(0);
  });
  it('torch rounds half to even, exactly k (all N at s = 1)', () => {
    expect(structuresPrunedCount(6, 0.25, 'torch')).toBe(2); // 1.5 -> 2
    expect(structuresPrunedCount(10, 0.25, 'torch')).toBe(2); // 2.5 -> 2
    expect(structuresPrunedCount(6, 0.6, 'torch')).toBe(4); // 3.6 -> 4
    expect(structuresPrunedCount(6, 1, 'torch')).toBe(6);
  });
  it('tfmot keeps at least one structure', () => {
    expect(structuresPrunedCount(6, 1, 'tfmot')).toBe(5);
    expect(structuresPrunedCount(5, 0.5, 'tfmot')).toBe(3);
  });
});

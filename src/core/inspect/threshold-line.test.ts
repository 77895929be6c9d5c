import { describe, expect, it } from 'vitest';
import { levelMask, nmMask } from '../pruning';
import { maskCut, thresholdLine } from './threshold-line';

// |w| sorted: 0, 0.05, 0.1, 0.2 | 0.3, 0.4, 0.6, 0.7
const w = new Float32Array([0.1, -0.4, 0.3, -0.2, 0.05, 0.6, -0.7, 0]);

describe('the threshold line ±λ', () => {
  it('level pruning at 50% (Distiller): λ is the 4th smallest |w|, 0.2 in float32', () => {
    const mask = levelMask(w, 0.5);
    expect(Array.from(mask)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
    expect(thresholdLine(w, mask, { kind: 'level', sparsity: 0.5 })).toEqual({
      kind: 'lambda',
      lambda: 0.20000000298023224,
      from: 'mask',
    });
  });

  it('torch counts split a tie: the tied |w| is the boundary', () => {
    const ties = new Float32Array([0.1, -0.1, 0.1, 0.5]);
    const mask = levelMask(ties, 0.5, 'torch');
    expect(Array.from(mask)).toEqual([0, 0, 1, 1]);
    expect(maskCut(ties, mask)).toBe(Math.fround(0.1));
  });

  it('a threshold method draws its own λ; sensitivity is s·σ (σ: sample std)', () => {
    expect(thresholdLine(w, levelMask(w, 0.25), { kind: 'magnitude', threshold: 0.07 })).toEqual({
      kind: 'lambda',
      lambda: Math.fround(0.07),
      from: 'plan',
    });
    // numpy: np.float32(np.float32(0.5) * np.float32(w.std(ddof=1))) = 0.20219223201274872
    const line = thresholdLine(w, null, { kind: 'sensitivity', s: 0.5 });
    expect(line).toEqual({ kind: 'lambda', lambda: 0.20219223201274872, from: 'plan' });
  });

  it('no λ for structured pruning, a dense tensor, or masks that are no magnitude cut', () => {
    const rows = new Uint8Array([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(thresholdLine(w, rows, { kind: 'structured', group: 'rows', sparsity: 0.5, norm: 'l1' })).toEqual({
      kind: 'none',
      reason: 'structured',
    });
    expect(thresholdLine(w, null, { kind: 'dense' })).toEqual({ kind: 'none', reason: 'dense' });
    expect(thresholdLine(w, new Uint8Array(8).fill(1), { kind: 'level', sparsity: 0 })).toEqual({
      kind: 'none',
      reason: 'dense',
    });
    // keeps 0.05 but prunes 0.6: pruned and kept |w| overlap
    const overlap = new Uint8Array([1, 1, 1, 1, 1, 0, 1, 1]);
    expect(thresholdLine(w, overlap, { kind: 'random', sparsity: 0.125 })).toEqual({
      kind: 'none',
      reason: 'not-magnitude',
    });
    // 2:4 keeps 4, 3 of the first four and 9, 8 of the next: 7 is pruned, 3 kept
    const v = new Float32Array([4, 1, 3, 2, 0.5, 9, 8, 7]);
    expect(thresholdLine(v, nmMask(v, [8, 1], 2, 4), { kind: 'nm', n: 2, m: 4 })).toEqual({
      kind: 'none',
      reason: 'not-magnitude',
    });
  });

  it('everything pruned: λ is the largest |w|', () => {
    expect(maskCut(w, new Uint8Array(8))).toBe(Math.fround(0.7));
  });
});

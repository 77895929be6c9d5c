import { describe, expect, it } from 'vitest';
import { levelMask, magnitudeMask } from '../pruning/element-masks';
import { PruningInputError } from '../pruning/errors';
import { nonFiniteNotices } from './non-finite';

describe('NaN and infinite weights', () => {
  it('one notice per tensor that holds them, with the counts; none for finite tensors', () => {
    const values = new Map([
      ['a/kernel', new Float32Array([NaN, 1, Infinity, -Infinity, NaN])],
      ['b/kernel', new Float32Array([1, 2])],
    ]);
    expect(nonFiniteNotices(['a/kernel', 'b/kernel'], (n) => values.get(n)!)).toEqual([
      "a/kernel holds 2 NaN and 2 infinite values (of 5): the model's outputs may be NaN or infinite; pruning " +
        'ranks ±Infinity above every finite weight and refuses a tensor holding NaN',
    ]);
  });

  it('infinite weights rank above every finite one (torch: l1_unstructured keeps them; Distiller: |w| > λ)', () => {
    const w = new Float32Array([Infinity, 1, 0.5, -Infinity, 0.1, -0.2]);
    // torch.nn.utils.prune.L1Unstructured(amount=0.5) on w keeps [1, 1, 0, 1, 0, 0].
    expect([...levelMask(w, 0.5, 'torch')]).toEqual([1, 1, 0, 1, 0, 0]);
    // Distiller: λ = the 3rd smallest |w| = 0.5, mask = |w| > 0.5.
    expect([...levelMask(w, 0.5, 'distiller')]).toEqual([1, 1, 0, 1, 0, 0]);
    expect([...magnitudeMask(w, 0.3)]).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it('a tensor holding NaN is refused by ranked pruning with a PruningInputError', () => {
    expect(() => levelMask(new Float32Array([NaN, 1, 2]), 0.5)).toThrow(PruningInputError);
  });
});

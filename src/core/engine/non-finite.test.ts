import { describe, expect, it } from 'vitest';
import { levelMask, magnitudeMask, magnitudeMaskFromOrder } from '../pruning/element-masks';
import { MagnitudeOrder } from '../pruning/magnitude-order';
import { structuresToPrune } from '../pruning/structures';
import { nonFiniteNotices } from './non-finite';

describe('NaN and infinite weights', () => {
  it('one notice per tensor that holds them, with the counts; none for finite tensors', () => {
    const values = new Map([
      ['a/kernel', new Float32Array([NaN, 1, Infinity, -Infinity, NaN])],
      ['b/kernel', new Float32Array([1, 2])],
    ]);
    expect(nonFiniteNotices(['a/kernel', 'b/kernel'], (n) => values.get(n)!)).toEqual([
      "a/kernel holds 2 NaN and 2 infinite values (of 5): the model's outputs may be NaN or infinite; ranked " +
        'pruning orders NaN above ±Infinity above every finite |w| (torch convention: NaN pruned last), and a ' +
        'threshold comparison (distiller and tfmot conventions, λ and s·σ pruners) prunes NaN',
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

  // Expected masks produced with PyTorch 1.13 (Debian python3-torch) on
  // w = [0.5, nan, -0.1, 0.3, inf, -0.2, nan, 0.05]:
  //   torch.nn.utils.prune.l1_unstructured(m, 'weight', amount=s).weight_mask  (torch convention);
  //   Distiller's level rule: λ = torch.topk(|w|, int(s·n), largest=False).values[-1], mask = |w| > λ.
  const w = new Float32Array([0.5, NaN, -0.1, 0.3, Infinity, -0.2, NaN, 0.05]);
  it('ranked like torch.topk: NaN above +Infinity, so the torch convention prunes NaN last', () => {
    expect([0.25, 0.5, 0.75].map((s) => [...levelMask(w, s, 'torch')])).toEqual([
      [1, 1, 0, 1, 1, 1, 1, 0],
      [1, 1, 0, 0, 1, 0, 1, 0],
      [0, 1, 0, 0, 0, 0, 1, 0],
    ]);
  });

  it('Distiller’s |w| > λ is false for NaN: the distiller convention and the thresholds prune it', () => {
    expect([0.25, 0.5, 0.75, 0.9].map((s) => [...levelMask(w, s, 'distiller')])).toEqual([
      [1, 0, 0, 1, 1, 1, 0, 0],
      [1, 0, 0, 0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0], // λ = inf
      [0, 0, 0, 0, 0, 0, 0, 0], // λ = nan: every comparison is false
    ]);
    // torch: (w.abs() > 0.2)
    expect([...magnitudeMask(w, 0.2)]).toEqual([1, 0, 0, 1, 1, 0, 0, 0]);
    expect([...magnitudeMaskFromOrder(MagnitudeOrder.of(w), 0.2)]).toEqual([1, 0, 0, 1, 1, 0, 0, 0]);
  });

  it('a structure holding NaN: torch ln_structured keeps it, Distiller’s score > threshold prunes it', () => {
    // torch.norm(x, p=1, dim=1) of rows [[.1,.1],[nan,0],[.5,.5],[.01,.02]]; ln_structured(amount=0.5, n=1,
    // dim=0) keeps rows [0, 1, 1, 0]; Distiller: threshold = topk(scores, 2, largest=False)[-1] = 0.2, gt → [0, 0, 1, 0]
    const scores = [0.2, NaN, 1.0, 0.03];
    expect(structuresToPrune(scores, 0.5, 'torch')).toEqual([0, 3]);
    expect(structuresToPrune(scores, 0.5, 'distiller')).toEqual([0, 1, 3]);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { levelMaskOfRemaining, MagnitudeOrder } from '../pruning';
import type { PrunableTensor } from '../types';
import type { PrunePlan, TensorMethod } from './plan';
import { computePlanMasks, createMaskCache, PlanError, type PlanOptions } from './plan-masks';

const W = new Float32Array([0.1, -0.5, 0.3, 0.05, -0.2, 0.4, 0.0, 0.7, -0.6, 0.25]);

function dense(name: string, shape: number[]): PrunableTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    name,
    layerName: name.split('/')[0],
    layerClass: shape.length === 4 ? 'Conv2D' : 'Dense',
    kind: shape.length === 4 ? 'conv2d' : 'dense',
    shape,
    size,
  };
}

/** Masks for one plan over hand-made tensors. */
function run(
  methods: Record<string, TensorMethod>,
  values: Record<string, { shape: number[]; w: Float32Array }>,
  options?: PlanOptions,
) {
  const tensors = Object.entries(values).map(([n, v]) => dense(n, v.shape));
  const plan: PrunePlan = { version: 1, tensors: methods };
  return computePlanMasks(plan, { tensors, dense: (n) => values[n].w, cache: createMaskCache(), options });
}

const one = (m: TensorMethod, w = W, shape = [w.length / 2, 2], options?: PlanOptions) =>
  run({ 'fc/kernel': m }, { 'fc/kernel': { shape, w } }, options);
const zerosOf = (mask: Uint8Array | null | undefined) => (mask ? [...mask].flatMap((m, i) => (m ? [] : [i])) : []);

describe('computePlanMasks: element methods on hand-made tensors', () => {
  it('level: Distiller floor + ties, torch round-half-even (n = 10, s = 0.35)', () => {
    // |w| ascending: 0 (6), 0.05 (3), 0.1 (0), 0.2 (4), 0.25 (9) ...
    expect(zerosOf(one({ kind: 'level', sparsity: 0.35 }).masks.get('fc/kernel'))).toEqual([0, 3, 6]);
    expect(zerosOf(one({ kind: 'level', sparsity: 0.35, convention: 'torch' }).masks.get('fc/kernel'))).toEqual([
      0, 3, 4, 6,
    ]);
    // TF-MOT keeps round(10 * 0.65) = 6 (half-to-even of 6.5), prunes 4
    expect(zerosOf(one({ kind: 'level', sparsity: 0.35, convention: 'tfmot' }).masks.get('fc/kernel'))).toEqual([
      0, 3, 4, 6,
    ]);
    const r = one({ kind: 'level', sparsity: 0 });
    expect(r.masks.get('fc/kernel')).toBeNull();
    expect(r.perTensor[0].sparsity).toBe(0);
  });

  it('magnitude prunes |w| <= λ; sensitivity uses λ = s · sample std of the dense weights', () => {
    expect(zerosOf(one({ kind: 'magnitude', threshold: 0.2 }).masks.get('fc/kernel'))).toEqual([0, 3, 4, 6]);
    const mean = W.reduce((a, b) => a + b, 0) / 10;
    const std = Math.sqrt(W.reduce((a, b) => a + (b - mean) ** 2, 0) / 9); // mean 0.05, squares sum 1.44, std = 0.4
    const lambda = 0.8 * std; // 0.32: prunes 0, 0.05, 0.1, 0.2, 0.25, 0.3
    const expected = [...W].flatMap((v, i) => (Math.abs(v) > lambda ? [] : [i]));
    expect(expected).toEqual([0, 2, 3, 4, 6, 9]);
    const r = one({ kind: 'sensitivity', s: 0.8 });
    expect(zerosOf(r.masks.get('fc/kernel'))).toEqual(expected);
    expect(r.perTensor[0].sparsity).toBeCloseTo(0.6, 12);
  });

  it('random prunes exactly k seeded elements, reproducibly', () => {
    const a = one({ kind: 'random', sparsity: 0.4, seed: 3 }).masks.get('fc/kernel')!;
    const b = one({ kind: 'random', sparsity: 0.4, seed: 3 }).masks.get('fc/kernel')!;
    const big = new Float32Array(200).fill(1);
    const c1 = one({ kind: 'random', sparsity: 0.5, seed: 1 }, big, [100, 2]).masks.get('fc/kernel')!;
    const c2 = one({ kind: 'random', sparsity: 0.5, seed: 2 }, big, [100, 2]).masks.get('fc/kernel')!;
    expect(zerosOf(a)).toHaveLength(4);
    expect([...a]).toEqual([...b]);
    expect(zerosOf(c1)).toHaveLength(100);
    expect([...c1]).not.toEqual([...c2]);
  });

  it(
    'remaining: each amount of what is left (0.5 twice prunes 5 then round(2.5) = 2), as repeated torch ' + 'pruning',
    () => {
      const r = one({ kind: 'remaining', amounts: [0.5, 0.5] });
      expect(zerosOf(r.masks.get('fc/kernel'))).toEqual([0, 2, 3, 4, 6, 9, 5].sort((a, b) => a - b));
      let ref: Uint8Array = new Uint8Array(10).fill(1);
      for (const a of [0.3, 0.45, 0.6]) ref = levelMaskOfRemaining(W, ref, a, 'distiller');
      const d = one({ kind: 'remaining', amounts: [0.3, 0.45, 0.6], convention: 'distiller' });
      expect([...d.masks.get('fc/kernel')!]).toEqual([...ref]);
      let ref2: Uint8Array = new Uint8Array(10).fill(1);
      for (const a of [0.35, 0.35]) ref2 = levelMaskOfRemaining(W, ref2, a, 'tfmot');
      expect([
        ...one({ kind: 'remaining', amounts: [0.35, 0.35], convention: 'tfmot' }).masks.get('fc/kernel')!,
      ]).toEqual([...ref2]);
    },
  );

  it('global: one |w| ranking over all global tensors; different targets refused', () => {
    const values = {
      'a/kernel': { shape: [2, 2], w: new Float32Array([0.1, 0.9, 0.2, 0.8]) },
      'b/kernel': { shape: [2, 2], w: new Float32Array([0.05, 0.3, 0.7, 0.15]) },
    };
    const g = { kind: 'global', sparsity: 0.5 } as const;
    const r = run({ 'a/kernel': g, 'b/kernel': g }, values);
    // 4 smallest of 8: 0.05 (b0), 0.1 (a0), 0.15 (b3), 0.2 (a2)
    expect(zerosOf(r.masks.get('a/kernel'))).toEqual([0, 2]);
    expect(zerosOf(r.masks.get('b/kernel'))).toEqual([0, 3]);
    expect(() => run({ 'a/kernel': g, 'b/kernel': { kind: 'global', sparsity: 0.3 } }, values)).toThrow(PlanError);
    expect(() => run({ 'a/kernel': g, 'b/kernel': { kind: 'global', sparsity: 0.3 } }, values)).toThrow(
      /'b\/kernel'.*differ from 'a\/kernel'/,
    );
  });

  it('nm 2:4 keeps the two largest |w| of every 4 consecutive inputs of each output', () => {
    // dense [4 in, 2 out]: column 0 = 0.1, -0.5, 0.3, 0.05 -> keep in 1, 2;
    // column 1 = 0.9, 0.2, -0.1, 0.4 -> keep in 0, 3
    const w = new Float32Array([0.1, 0.9, -0.5, 0.2, 0.3, -0.1, 0.05, 0.4]);
    expect([...one({ kind: 'nm', n: 2, m: 4 }, w, [4, 2]).masks.get('fc/kernel')!]).toEqual([0, 1, 1, 0, 1, 0, 0, 1]);
    expect(() => one({ kind: 'nm', n: 2, m: 4 }, W, [5, 2])).toThrow(/multiple of 4/);
  });

  it('rows / cols of a dense kernel [in, out] and kernels of a conv kernel, ranked by mean L1', () => {
    // [3 in, 2 out]: rows (inputs) mean |w| = 0.3, 0.05, 0.55; cols (outputs) = 0.233, 0.367
    const w = new Float32Array([0.2, 0.4, 0.0, 0.1, 0.5, 0.6]);
    const rows = one({ kind: 'structured', group: 'rows', sparsity: 0.34, norm: 'l1' }, w, [3, 2]);
    expect(zerosOf(rows.masks.get('fc/kernel'))).toEqual([2, 3]);
    const cols = one({ kind: 'structured', group: 'cols', sparsity: 0.5, norm: 'l1' }, w, [3, 2]);
    expect(zerosOf(cols.masks.get('fc/kernel'))).toEqual([0, 2, 4]);
    // conv [1, 1, 2 in, 2 out]: kernel index = in * 2 + out, |w| = 0.3, 0.1, 0.2, 0.4 -> two smallest: 1, 2
    const k = one(
      { kind: 'structured', group: 'kernels', sparsity: 0.5, norm: 'l2' },
      new Float32Array([0.3, -0.1, 0.2, 0.4]),
      [1, 1, 2, 2],
    );
    expect(zerosOf(k.masks.get('fc/kernel'))).toEqual([1, 2]);
    expect(() => one({ kind: 'structured', group: 'kernels', sparsity: 0.5, norm: 'l1' }, w, [3, 2])).toThrow(
      /conv kernels/,
    );
  });

  it('never empties a layer unless allowEmpty; caps clamp the target', () => {
    const full = one({ kind: 'level', sparsity: 1 });
    expect(zerosOf(full.masks.get('fc/kernel'))).toHaveLength(9);
    expect(full.masks.get('fc/kernel')![7]).toBe(1); // |0.7| is the largest
    expect(full.perTensor[0].note).toMatch(/largest \|w\| is kept/);
    expect(
      zerosOf(one({ kind: 'level', sparsity: 1 }, W, [5, 2], { allowEmpty: true }).masks.get('fc/kernel')),
    ).toHaveLength(10);
    const capped = one({ kind: 'level', sparsity: 0.9 }, W, [5, 2], {
      perTensor: { 'fc/kernel': { maxSparsity: 0.5 } },
    });
    expect(zerosOf(capped.masks.get('fc/kernel'))).toHaveLength(5);
    expect(capped.perTensor[0].note).toMatch(/capped to 0.5/);
  });

  it('refuses unknown tensor names (listing the valid ones) and sparsity outside [0, 1]', () => {
    expect(() =>
      run({ 'nope/kernel': { kind: 'level', sparsity: 0.5 } }, { 'fc/kernel': { shape: [5, 2], w: W } }),
    ).toThrow(/unknown tensor 'nope\/kernel'.*'fc\/kernel'/);
    expect(() => one({ kind: 'level', sparsity: 1.5 })).toThrow(PlanError);
    expect(() => one({ kind: 'level', sparsity: 1.5 })).toThrow(/sparsity must be in \[0, 1\], got 1.5/);
  });
});

describe('computePlanMasks: cache', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sorts each tensor once: a new level, method or convention reuses the order and σ', () => {
    const spy = vi.spyOn(MagnitudeOrder, 'of');
    const tensors = [dense('fc/kernel', [5, 2])];
    const cache = createMaskCache();
    const ctx = { tensors, dense: () => W, cache };
    computePlanMasks({ version: 1, tensors: { 'fc/kernel': { kind: 'level', sparsity: 0.3 } } }, ctx);
    expect(spy).toHaveBeenCalledTimes(1);
    for (const s of [0.1, 0.5, 0.9])
      computePlanMasks(
        { version: 1, tensors: { 'fc/kernel': { kind: 'level', sparsity: s, convention: 'tfmot' } } },
        ctx,
      );
    computePlanMasks({ version: 1, tensors: { 'fc/kernel': { kind: 'sensitivity', s: 0.5 } } }, ctx);
    computePlanMasks({ version: 1, tensors: { 'fc/kernel': { kind: 'sensitivity', s: 1.5 } } }, ctx);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(cache.stats).toMatchObject({ ordersBuilt: 1, sigmasComputed: 1 });
    // new dense values (another checkpoint) are sorted afresh
    const other = W.map((v) => v * 2);
    computePlanMasks(
      { version: 1, tensors: { 'fc/kernel': { kind: 'level', sparsity: 0.3 } } },
      { ...ctx, dense: () => other },
    );
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

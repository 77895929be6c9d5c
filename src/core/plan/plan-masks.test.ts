import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeChannels } from '../graph/channel-graph';
import { maskedCopy, residualCnn, smallSequentialCnn } from '../graph/test-models';
import { prunableTensors } from '../model-introspect';
import { levelMaskOfRemaining, MagnitudeOrder } from '../pruning';
import { useBackend } from '../test-backends';
import { thinModel } from '../thinning/thin-model';
import { thinnedAgreement } from '../thinning/thinned-agreement';
import type { PrunableTensor } from '../types';
import type { PrunePlan, TensorMethod } from './plan';
import { computePlanMasks, createMaskCache, masksForPlan, PlanError, type PlanOptions } from './plan-masks';

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

  it('remaining: each amount of what is left (0.5 twice prunes 5 then round(2.5) = 2), as repeated torch pruning', () => {
    const r = one({ kind: 'remaining', amounts: [0.5, 0.5] });
    expect(zerosOf(r.masks.get('fc/kernel'))).toEqual([0, 2, 3, 4, 6, 9, 5].sort((a, b) => a - b));
    let ref: Uint8Array = new Uint8Array(10).fill(1);
    for (const a of [0.3, 0.45, 0.6]) ref = levelMaskOfRemaining(W, ref, a, 'distiller');
    const d = one({ kind: 'remaining', amounts: [0.3, 0.45, 0.6], convention: 'distiller' });
    expect([...d.masks.get('fc/kernel')!]).toEqual([...ref]);
    let ref2: Uint8Array = new Uint8Array(10).fill(1);
    for (const a of [0.35, 0.35]) ref2 = levelMaskOfRemaining(W, ref2, a, 'tfmot');
    expect([...one({ kind: 'remaining', amounts: [0.35, 0.35], convention: 'tfmot' }).masks.get('fc/kernel')!]).toEqual(
      [...ref2],
    );
  });

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
    // dense [4 in, 2 out]: column 0 = 0.1, -0.5, 0.3, 0.05 -> keep in 1, 2; column 1 = 0.9, 0.2, -0.1, 0.4 -> keep in 0, 3
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

  it('masksForPlan (worker compatibility) returns only changed tensors', () => {
    const values: Record<string, Float32Array> = { a: W, b: W.map((v) => -v) };
    const plan: PrunePlan = { version: 1, tensors: { a: { kind: 'level', sparsity: 0.35 } } };
    const first = masksForPlan(plan, null, ['a', 'b'], (n) => values[n]);
    expect(zerosOf(first.get('a'))).toEqual([0, 3, 6]);
    expect(first.get('b')).toBeNull();
    const next: PrunePlan = {
      version: 1,
      tensors: { a: { kind: 'level', sparsity: 0.35 }, b: { kind: 'magnitude', threshold: 0.2 } },
    };
    const second = masksForPlan(next, plan, ['a', 'b'], (n) => values[n]);
    expect([...second.keys()]).toEqual(['b']);
    expect(zerosOf(second.get('b'))).toEqual([0, 3, 4, 6]);
  });
});

describe('computePlanMasks: structured filters and channels on models', () => {
  beforeAll(() => useBackend('cpu'));

  function context(model: tf.LayersModel, options?: PlanOptions) {
    const tensors = prunableTensors(model);
    const values = new Map(model.weights.map((w) => [w.originalName, w.read().dataSync().slice() as Float32Array]));
    return {
      tensors,
      dense: (n: string) => values.get(n)!,
      graph: analyzeChannels(model),
      cache: createMaskCache(),
      options,
    };
  }

  function definedMasks(masks: Map<string, Uint8Array | null>): Map<string, Uint8Array> {
    return new Map([...masks].filter((e): e is [string, Uint8Array] => e[1] !== null));
  }

  it('filters (L1) of conv1 and conv2 on conv-BN-conv-BN-flatten-dense: masked model equals the thinned model', async () => {
    const model = smallSequentialCnn();
    const before = tf.memory().numTensors;
    const ctx = context(model);
    const f = { kind: 'structured', group: 'filters', sparsity: 0.5, norm: 'l1' } as const;
    const plan: PrunePlan = {
      version: 1,
      tensors: { 'conv1/kernel': f, 'conv2/kernel': f, 'fc1/kernel': { kind: 'level', sparsity: 0.3 } },
    };
    const result = computePlanMasks(plan, ctx);
    expect(tf.memory().numTensors).toBe(before);
    // independent ranking: mean |w| per output channel (last TF.js axis)
    const l1Order = (name: string, out: number) => {
      const w = ctx.dense(name);
      const sums = new Array(out).fill(0);
      w.forEach((v, i) => (sums[i % out] += Math.abs(v)));
      return sums
        .map((s, j) => [s, j])
        .sort((a, b) => a[0] - b[0])
        .slice(0, out / 2)
        .map((x) => x[1])
        .sort((a, b) => a - b);
    };
    expect(result.removedFilters).toEqual({ conv1: l1Order('conv1/kernel', 6), conv2: l1Order('conv2/kernel', 8) });
    // conv2's input channels of the removed conv1 filters are masked too
    const conv2 = result.masks.get('conv2/kernel')!;
    const c = result.removedFilters.conv1[0];
    expect(conv2[c * 8 + 0]).toBe(0);
    expect(result.perTensor.find((t) => t.name === 'fc1/kernel')!.note).toMatch(/removed filters masked/);
    const masked = await maskedCopy(model, definedMasks(result.masks));
    const thinned = await thinModel(model, result.removedFilters);
    // thinning keeps fc1's element zeros as they are: compare with the element mask applied to the thinned copy
    const x = tf.randomNormal([16, 8, 8, 2], 0, 1, 'float32', 7);
    const filtersOnly = computePlanMasks({ version: 1, tensors: { 'conv1/kernel': f, 'conv2/kernel': f } }, ctx);
    const maskedFilters = await maskedCopy(model, definedMasks(filtersOnly.masks));
    expect(await thinnedAgreement(maskedFilters, thinned, x)).toBeLessThanOrEqual(1e-5);
    expect(await thinnedAgreement(masked, thinned, x)).toBeGreaterThan(0); // fc1's level mask is extra
    tf.dispose(x);
    [masked, maskedFilters, thinned, model].forEach((m) => m.dispose());
  });

  it('channels of conv2 remove conv1 filters (its only reader); channels after a Flatten are masks only', async () => {
    const model = smallSequentialCnn();
    const ctx = context(model);
    const ch = { kind: 'structured', group: 'channels', sparsity: 0.5, norm: 'l2' } as const;
    const result = computePlanMasks({ version: 1, tensors: { 'conv2/kernel': ch, 'fc1/kernel': ch } }, ctx);
    expect(result.removedFilters.conv1).toHaveLength(3);
    expect(result.removedFilters.conv2).toBeUndefined();
    expect(result.perTensor.find((t) => t.name === 'conv2/kernel')!.note).toMatch(
      /removes the matching filters of 'conv1'/,
    );
    expect(result.perTensor.find((t) => t.name === 'fc1/kernel')!.note).toMatch(/masks only/);
    // fc1 rows: 64 of 128 input features masked
    expect(zerosOf(result.masks.get('fc1/kernel')).length).toBe(64 * 5);
    const onlyConv = computePlanMasks({ version: 1, tensors: { 'conv2/kernel': ch } }, ctx);
    const masked = await maskedCopy(model, definedMasks(onlyConv.masks));
    const thinned = await thinModel(model, onlyConv.removedFilters);
    const x = tf.randomNormal([8, 8, 8, 2], 0, 1, 'float32', 2);
    expect(await thinnedAgreement(masked, thinned, x)).toBeLessThanOrEqual(1e-5);
    tf.dispose(x);
    [masked, thinned, model].forEach((m) => m.dispose());
  });

  it('refuses a coupled layer pruned alone and the output layer; prunes a coupled group with one leader ranking', () => {
    const model = residualCnn();
    const ctx = context(model);
    const f = { kind: 'structured', group: 'filters', sparsity: 0.4, norm: 'l1' } as const;
    expect(() => computePlanMasks({ version: 1, tensors: { 'conv2a/kernel': f } }, ctx)).toThrow(
      /conv2a\/kernel is coupled with conv2b\/kernel through join: prune them together/,
    );
    expect(() => computePlanMasks({ version: 1, tensors: { 'fc/kernel': f } }, ctx)).toThrow(
      /'fc' \(Dense\) is the model's output layer/,
    );
    const r = computePlanMasks({ version: 1, tensors: { 'conv2a/kernel': f, 'conv2b/kernel': f } }, ctx);
    expect(r.removedFilters.conv2a).toHaveLength(2);
    expect(r.removedFilters.conv2b).toEqual(r.removedFilters.conv2a);
    // leader ranking = sum of the members' mean |w| per filter
    const score = (name: string, out: number) => {
      const w = ctx.dense(name);
      const s = new Array(out).fill(0);
      w.forEach((v, i) => (s[i % out] += Math.abs(v) / (w.length / out)));
      return s;
    };
    const a = score('conv2a/kernel', 5);
    const b = score('conv2b/kernel', 5);
    const expected = a
      .map((v, j) => [v + b[j], j])
      .sort((x, y) => x[0] - y[0])
      .slice(0, 2)
      .map((x) => x[1])
      .sort();
    expect(r.removedFilters.conv2a).toEqual(expected);
    model.dispose();
  });
});

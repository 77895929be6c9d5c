import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeChannels } from '../graph/channel-graph';
import { maskedCopy, residualCnn, smallSequentialCnn } from '../graph/test-models';
import { prunableTensors } from '../model-introspect';
import { useBackend } from '../test-backends';
import { thinModel } from '../thinning/thin-model';
import { thinnedAgreement } from '../thinning/thinned-agreement';
import type { PrunePlan } from './plan';
import { computePlanMasks, createMaskCache, type PlanOptions } from './plan-masks';

const zerosOf = (mask: Uint8Array | null | undefined) => (mask ? [...mask].flatMap((m, i) => (m ? [] : [i])) : []);

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

  it(
    'filters (L1) of conv1 and conv2 on conv-BN-conv-BN-flatten-dense: masked model equals the thinned ' + 'model',
    async () => {
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
    },
  );

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

  it(
    'refuses a coupled layer pruned alone and the output layer; prunes a coupled group with one leader ' + 'ranking',
    () => {
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
    },
  );
});

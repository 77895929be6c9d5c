import { describe, expect, it } from 'vitest';
import type { PrunableTensor } from '../types';
import { planFromMasks } from './plan-from-masks';

const dense = (name: string, shape: number[]): PrunableTensor => ({
  name,
  layerName: name.split('/')[0],
  layerClass: 'Dense',
  kind: 'dense',
  shape,
  size: shape[0] * shape[1],
  role: 'dense',
  axes: { out: 1, in: 0, spatial: [] },
  feedsOutput: false,
});

// a: [2, 3] with |w| = 1..6 (row-major); b: [3, 2]
const A = Float32Array.from([1, -2, 3, 4, -5, 6]);
const B = Float32Array.from([0.5, 0.1, 0.4, 0.2, 0.3, 0.6]);
const ctx = {
  tensors: [dense('a/kernel', [2, 3]), dense('b/kernel', [3, 2])],
  dense: (n: string) => (n === 'a/kernel' ? A : B),
  graph: null,
};

describe('planFromMasks', () => {
  it('finds the level methods whose masks are the given ones (the 2 smallest |w| of a, the 3 of b)', () => {
    const masks = new Map([
      ['a/kernel', Uint8Array.from([0, 0, 1, 1, 1, 1])],
      ['b/kernel', Uint8Array.from([1, 0, 1, 0, 0, 1])],
    ]);
    const plan = planFromMasks(masks, ctx);
    expect(plan?.tensors['a/kernel']).toMatchObject({ kind: 'level' });
    expect((plan?.tensors['a/kernel'] as { sparsity: number }).sparsity).toBeCloseTo(2 / 6, 6);
    expect(plan?.tensors['b/kernel']).toMatchObject({ kind: 'level' });
  });

  it('a mask no magnitude or structure method makes (the largest weight pruned): null', () => {
    expect(planFromMasks(new Map([['a/kernel', Uint8Array.from([1, 1, 1, 1, 1, 0])]]), ctx)).toBeNull();
  });

  it('no mask, or all ones: the empty plan', () => {
    expect(planFromMasks(new Map([['a/kernel', new Uint8Array(6).fill(1)]]), ctx)).toEqual({
      version: 1,
      tensors: {},
    });
  });
});

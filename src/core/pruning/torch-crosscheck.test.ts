// Masks produced by torch.nn.utils.prune (scripts/crosscheck/torch_prune_vectors.py, PyTorch 1.13)
// on tie-free weights, stored in TF.js layouts; the 'torch' convention must reproduce every one.
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/torch-masks.json';
import { globalMagnitudeMasks, levelMask, levelMaskOfRemaining, structuredMask } from './index';

interface FixtureCase {
  kind: string;
  tensor?: string;
  tensors?: string[];
  amount: number;
  n?: number;
  dim?: number;
  masks: Record<string, number[]>;
}

const tensors = Object.fromEntries(
  fixture.tensors.map((t) => [t.name, { shape: t.shape, w: new Float32Array(t.values) }]),
);
const cases = fixture.cases as FixtureCase[];
const label = (c: FixtureCase) =>
  `${c.kind} ${c.tensor ?? c.tensors?.join('+')} amount=${c.amount}${c.n ? ` n=${c.n} dim=${c.dim}` : ''}`;

describe('torch.nn.utils.prune fixtures', () => {
  it('covers every pruning method of the script', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(
      new Set(['l1_unstructured', 'ln_structured', 'global_unstructured', 'l1_unstructured_twice']),
    );
    expect(fixture.tensors.map((t) => t.shape)).toEqual([
      [3, 3, 3, 6],
      [10, 8],
    ]);
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s', (_label, c) => {
    let got: Record<string, Uint8Array>;
    if (c.kind === 'l1_unstructured') {
      got = { [c.tensor!]: levelMask(tensors[c.tensor!].w, c.amount, 'torch') };
    } else if (c.kind === 'l1_unstructured_twice') {
      const t = tensors[c.tensor!];
      const once = levelMaskOfRemaining(t.w, new Uint8Array(t.w.length).fill(1), c.amount, 'torch');
      got = { [c.tensor!]: levelMaskOfRemaining(t.w, once, c.amount, 'torch') };
    } else if (c.kind === 'ln_structured') {
      const t = tensors[c.tensor!];
      // torch dim 0 = output channels/neurons = 'filters'; dim 1 = input channels/features = 'channels'
      const group = c.dim === 0 ? 'filters' : 'channels';
      const norm = c.n === 1 ? 'l1' : 'l2';
      got = {
        [c.tensor!]: structuredMask(t.w, t.shape, group, c.amount, { norm, normalize: 'raw', convention: 'torch' })
          .mask,
      };
    } else {
      const names = c.tensors!;
      const masks = globalMagnitudeMasks(
        names.map((n) => ({ w: tensors[n].w })),
        c.amount,
        'torch',
      );
      got = Object.fromEntries(names.map((n, i) => [n, masks[i]]));
    }
    for (const [name, expected] of Object.entries(c.masks)) expect(Array.from(got[name])).toEqual(expected);
  });
});

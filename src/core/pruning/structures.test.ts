import { describe, expect, it } from 'vitest';
import {
  PruningInputError,
  STRUCTURE_LAYOUT_NOTE,
  maskFromStructures,
  structureLayout,
  structureScores,
  structuredMask,
  structuresToPrune,
} from './index';

// conv kernel [kh=1, kw=2, in=2, out=3]; index = (x * 2 + c) * 3 + f
// filter 0: 1, -1, 1, -1 (L1 4, L2 2); filter 1: 0.5, 0.5, 0.5, -0.5 (L1 2, L2 1); filter 2: 3, 0, 0, 0 (L1 3, L2 3)
const convShape = [1, 2, 2, 3];
const conv = new Float32Array([1, 0.5, 3, -1, 0.5, 0, 1, 0.5, 0, -1, -0.5, 0]);
// dense kernel [in=3, out=2]: rows (inputs) [1, 2], [0, 0], [-3, 4]
const denseShape = [3, 2];
const dense = new Float32Array([1, 2, 0, 0, -3, 4]);

describe('structureScores', () => {
  it('filters: L1/L2, mean (Distiller) and raw (PyTorch, Li et al.)', () => {
    expect(Array.from(structureScores(conv, convShape, 'filters', 'l1', 'raw'))).toEqual([4, 2, 3]);
    expect(Array.from(structureScores(conv, convShape, 'filters', 'l1', 'mean'))).toEqual([1, 0.5, 0.75]);
    expect(Array.from(structureScores(conv, convShape, 'filters', 'l2', 'raw'))).toEqual([2, 1, 3]);
    expect(Array.from(structureScores(conv, convShape, 'filters', 'l2', 'mean'))).toEqual([0.5, 0.25, 0.75]);
  });
  it('channels and kernels of a conv kernel', () => {
    expect(Array.from(structureScores(conv, convShape, 'channels', 'l1', 'raw'))).toEqual([6, 3]);
    const l2 = structureScores(conv, convShape, 'channels', 'l2', 'mean');
    expect(l2[0]).toBeCloseTo(Math.sqrt(11.5) / 6, 12);
    expect(l2[1]).toBeCloseTo(Math.sqrt(2.5) / 6, 12);
    // kernel index = c * out + f
    expect(Array.from(structureScores(conv, convShape, 'kernels', 'l1', 'raw'))).toEqual([2, 1, 3, 2, 1, 0]);
  });
  it('dense: rows = input features = channels, cols = output neurons = filters', () => {
    expect(Array.from(structureScores(dense, denseShape, 'rows', 'l1', 'raw'))).toEqual([3, 0, 7]);
    expect(Array.from(structureScores(dense, denseShape, 'channels', 'l1', 'raw'))).toEqual([3, 0, 7]);
    expect(Array.from(structureScores(dense, denseShape, 'cols', 'l1', 'mean'))).toEqual([4 / 3, 2]);
    expect(Array.from(structureScores(dense, denseShape, 'filters', 'l1', 'raw'))).toEqual([4, 6]);
    expect(STRUCTURE_LAYOUT_NOTE).toMatch(/'rows' are input features/);
  });
  it('random scores are seeded', () => {
    const a = structureScores(conv, convShape, 'kernels', 'random', 'mean', 5);
    expect(structureScores(conv, convShape, 'kernels', 'random', 'mean', 5)).toEqual(a);
    expect(structureScores(conv, convShape, 'kernels', 'random', 'mean', 6)).not.toEqual(a);
  });
  it('refuses groups that do not fit the rank, and mismatched sizes', () => {
    expect(() => structureLayout(denseShape, 'kernels')).toThrow(PruningInputError);
    expect(() => structureLayout(convShape, 'rows')).toThrow(/dense kernels/);
    expect(() => structureLayout([4], 'filters')).toThrow(/rank-2/);
    expect(() => structureScores(conv.subarray(1), convShape, 'filters', 'l1')).toThrow(/does not match/);
  });
});

describe('structuredMask', () => {
  it('distiller: floor(s N), never all N', () => {
    expect(structuredMask(conv, convShape, 'filters', 0.34).pruned).toEqual([1]);
    expect(structuredMask(conv, convShape, 'filters', 0.67).pruned).toEqual([1, 2]);
    expect(structuredMask(conv, convShape, 'filters', 1).pruned).toEqual([1, 2]);
    expect(structuredMask(conv, convShape, 'filters', 0.3).pruned).toEqual([]);
  });
  it('distiller: ties at the threshold pruned; torch exactly k; tfmot keeps ties', () => {
    // kernel L1 scores [2, 1, 3, 2, 1, 0]
    expect(structuredMask(conv, convShape, 'kernels', 0.34, { convention: 'distiller' }).pruned).toEqual([1, 4, 5]);
    expect(structuredMask(conv, convShape, 'kernels', 0.34, { convention: 'torch' }).pruned).toEqual([1, 5]);
    expect(structuredMask(conv, convShape, 'kernels', 0.34, { convention: 'tfmot' }).pruned).toEqual([5]);
  });
  it('L1 and L2 can rank differently', () => {
    expect(
      structuredMask(conv, convShape, 'filters', 0.5, { convention: 'torch', norm: 'l1', normalize: 'raw' }).pruned,
    ).toEqual([1, 2]);
    expect(
      structuredMask(conv, convShape, 'filters', 0.5, { convention: 'torch', norm: 'l2', normalize: 'raw' }).pruned,
    ).toEqual([0, 1]);
  });
  it('distiller never empties a layer even when every score ties', () => {
    expect(structuresToPrune([1, 1, 1, 1], 0.5, 'distiller')).toEqual([0, 1, 2]);
    expect(structuresToPrune([1, 1, 1, 1], 1, 'torch')).toEqual([0, 1, 2, 3]);
  });
  it('mask zeroes exactly the pruned structures', () => {
    const r = structuredMask(conv, convShape, 'filters', 0.34);
    expect(Array.from(r.mask)).toEqual([1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1]);
    expect(Array.from(maskFromStructures(convShape, 'channels', [1]))).toEqual([1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
    expect(Array.from(maskFromStructures(convShape, 'kernels', [5]))).toEqual([1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(maskFromStructures(denseShape, 'rows', [1]))).toEqual([1, 1, 0, 0, 1, 1]);
    expect(Array.from(maskFromStructures(denseShape, 'cols', [0]))).toEqual([0, 1, 0, 1, 0, 1]);
    expect(() => maskFromStructures(denseShape, 'cols', [2])).toThrow(/out of range/);
  });
  it('random structures: exact count, reproducible', () => {
    const a = structuredMask(conv, convShape, 'kernels', 0.5, { norm: 'random', seed: 3, convention: 'torch' });
    expect(a.pruned).toHaveLength(3);
    expect(
      structuredMask(conv, convShape, 'kernels', 0.5, { norm: 'random', seed: 3, convention: 'torch' }).pruned,
    ).toEqual(a.pruned);
  });
});

describe('structures on canonical axes', () => {
  // conv [kh=2, kw=3, in=4, out=5] in TF.js layout, and the same weights as [out, in, kh, kw]
  const [kh, kw, cin, cout] = [2, 3, 4, 5];
  const tfjs = Float32Array.from({ length: kh * kw * cin * cout }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
  const torch = new Float32Array(tfjs.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let c = 0; c < cin; c++)
        for (let o = 0; o < cout; o++)
          torch[((o * cin + c) * kh + y) * kw + x] = tfjs[((y * kw + x) * cin + c) * cout + o];
  const torchConv = { shape: [cout, cin, kh, kw], axes: { out: 0, in: 1, spatial: [2, 3] } };
  const toTorch = (mask: Uint8Array) => {
    const out = new Uint8Array(mask.length);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let c = 0; c < cin; c++)
          for (let o = 0; o < cout; o++)
            out[((o * cin + c) * kh + y) * kw + x] = mask[((y * kw + x) * cin + c) * cout + o];
    return out;
  };

  it('filters and channels of an [out, in, kh, kw] kernel are those of the TF.js layout transposed', () => {
    for (const group of ['filters', 'channels'] as const) {
      for (const norm of ['l1', 'l2'] as const) {
        const a = structureScores(tfjs, [kh, kw, cin, cout], group, norm);
        const b = structureScores(torch, torchConv, group, norm);
        expect(b.length).toBe(a.length);
        for (let j = 0; j < a.length; j++) expect(b[j]).toBeCloseTo(a[j], 12);
      }
      const a = structuredMask(tfjs, [kh, kw, cin, cout], group, 0.5);
      const b = structuredMask(torch, torchConv, group, 0.5);
      expect(b.pruned).toEqual(a.pruned);
      expect(b.mask).toEqual(toTorch(a.mask));
    }
  });

  it('kernels are numbered in the stored order of the channel axes, and mask the same slices', () => {
    const a = structureScores(tfjs, [kh, kw, cin, cout], 'kernels', 'l1', 'raw');
    const b = structureScores(torch, torchConv, 'kernels', 'l1', 'raw');
    for (let c = 0; c < cin; c++)
      for (let o = 0; o < cout; o++) expect(b[o * cin + c]).toBeCloseTo(a[c * cout + o], 12);
    const pa = structuredMask(tfjs, [kh, kw, cin, cout], 'kernels', 0.4);
    const pb = structuredMask(torch, torchConv, 'kernels', 0.4);
    expect(pb.mask).toEqual(toTorch(pa.mask));
    expect(() =>
      structureLayout({ shape: [kh, cin, kw, cout], axes: { out: 3, in: 1, spatial: [0, 2] } }, 'kernels'),
    ).toThrow(/side by side/);
  });

  it('dense [out, in]: rows are input features and cols output neurons, as in [in, out]', () => {
    // [in=3, out=2] above, stored as [out, in]
    const t = { shape: [2, 3], axes: { out: 0, in: 1, spatial: [] } };
    const transposed = new Float32Array([1, 0, -3, 2, 0, 4]);
    expect(Array.from(structureScores(transposed, t, 'rows', 'l1', 'raw'))).toEqual([3, 0, 7]);
    expect(Array.from(structureScores(transposed, t, 'cols', 'l1', 'raw'))).toEqual([4, 6]);
    expect(Array.from(maskFromStructures(t, 'rows', [1]))).toEqual([1, 0, 1, 1, 0, 1]);
    expect(Array.from(maskFromStructures(t, 'filters', [0]))).toEqual([0, 0, 0, 1, 1, 1]);
  });
});

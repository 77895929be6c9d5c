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

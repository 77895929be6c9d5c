import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  SUMMARY_COLUMNS,
  SUMMARY_CONVENTION_NOTE,
  sparsityStats,
  summaryRow,
  summaryToCsv,
  weightsSparsitySummary,
} from './index';

// conv [kh=1, kw=2, in=2, out=3], index (x * 2 + c) * 3 + f: input channel 1 all zero, filter 1 all zero
const conv = {
  name: 'conv1/kernel',
  shape: [1, 2, 2, 3],
  values: new Float32Array([1, 0, 0, 0, 0, 0, -2, 0, 3, 0, 0, 0]),
};
// dense [in=3, out=4]: inputs [1, 0, 0, 2], [0, 0, 0, 0], [0, 0, 0, -1]; outputs 1 and 2 all zero
const dense = { name: 'fc/kernel', shape: [3, 4], values: new Float32Array([1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, -1]) };
const bias = { name: 'fc/bias', shape: [4], values: new Float32Array([1, 1, 1, 1]) };

describe('sparsityStats', () => {
  it('counts exact zeros', () => {
    expect(sparsityStats([0, 1, -0, 2])).toEqual({ numel: 4, nnz: 2, sparsity: 0.5, density: 0.5 });
  });
});

describe('weightsSparsitySummary', () => {
  it('conv columns: Ch = zero input channels, 2D = zero kernels, 3D = zero filters', () => {
    const r = summaryRow(conv);
    expect(r.shape).toBe('(1, 2, 2, 3)');
    expect([r.nnzDense, r.nnzSparse]).toEqual([12, 3]);
    expect([r.colsPct, r.rowsPct]).toEqual([0, 0]);
    expect(r.chPct).toBeCloseTo(50, 10);
    expect(r.pct2D).toBeCloseTo((100 * 4) / 6, 10);
    expect(r.pct3D).toBeCloseTo(100 / 3, 10);
    expect(r.finePct).toBeCloseTo(75, 10);
    expect(r.mean).toBeCloseTo(2 / 12, 10);
    expect(r.absMean).toBeCloseTo(0.5, 10);
    expect(r.std).toBeCloseTo(Math.sqrt((14 - 12 / 36) / 11), 10);
  });
  it('dense columns: Cols = zero output neurons, Rows = zero input features, 2D = Cols', () => {
    const r = summaryRow(dense);
    expect(r.shape).toBe('(3, 4)');
    expect([r.nnzDense, r.nnzSparse]).toEqual([12, 3]);
    expect(r.colsPct).toBeCloseTo(50, 10);
    expect(r.rowsPct).toBeCloseTo(100 / 3, 10);
    expect(r.pct2D).toBeCloseTo(50, 10);
    expect([r.chPct, r.pct3D]).toEqual([0, 0]);
    expect(r.finePct).toBeCloseTo(75, 10);
    expect(r.mean).toBeCloseTo(2 / 12, 10);
    expect(r.absMean).toBeCloseTo(4 / 12, 10);
    expect(r.std).toBeCloseTo(Math.sqrt((6 - 12 / 36) / 11), 10);
  });
  it('skips 1-D tensors and ends with the Total sparsity row', () => {
    const rows = weightsSparsitySummary([conv, bias, dense]);
    expect(rows.map((r) => r.name)).toEqual(['conv1/kernel', 'fc/kernel', 'Total sparsity:']);
    const total = rows[2];
    expect([total.shape, total.nnzDense, total.nnzSparse]).toEqual(['-', 24, 6]);
    expect(total.finePct).toBeCloseTo(75, 10);
    expect(SUMMARY_CONVENTION_NOTE).toMatch(/Cols \(%\) is the share of output neurons/);
  });
  it('CSV header is exactly the column names and round-trips', () => {
    const csv = summaryToCsv(weightsSparsitySummary([conv, dense]));
    expect(csv.split(/\r?\n/)[0]).toBe(
      'Name,Shape,NNZ (dense),NNZ (sparse),Cols (%),Rows (%),Ch (%),2D (%),3D (%),Fine (%),Std,Mean,Abs-Mean',
    );
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(parsed.meta.fields).toEqual([...SUMMARY_COLUMNS]);
    expect(parsed.data[0].Shape).toBe('(1, 2, 2, 3)');
    expect(Number(parsed.data[1]['Cols (%)'])).toBeCloseTo(50, 10);
  });
  it('refuses values that do not match the shape', () => {
    expect(() => summaryRow({ ...dense, shape: [2, 4] })).toThrow(/do not match/);
  });
});

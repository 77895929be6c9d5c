// Distiller's weights_sparsity_summary on TF.js layouts, with the column semantics of REFERENCE.
import Papa from 'papaparse';
import { PruningInputError } from './errors';
import { sampleStd } from './element-masks';

export const SUMMARY_COLUMNS = [
  'Name',
  'Shape',
  'NNZ (dense)',
  'NNZ (sparse)',
  'Cols (%)',
  'Rows (%)',
  'Ch (%)',
  '2D (%)',
  '3D (%)',
  'Fine (%)',
  'Std',
  'Mean',
  'Abs-Mean',
] as const;

export const SUMMARY_CONVENTION_NOTE =
  'Shapes are printed in TF.js order (conv [kh, kw, in, out], dense [in, out]). For dense kernels, ' +
  'Cols (%) is the share of output neurons whose weights are all zero and Rows (%) the share of input ' +
  "features whose weights are all zero (in PyTorch's [out, in] layout: zero rows and zero columns " +
  'respectively); 2D (%) of a dense kernel is again the share of all-zero output neurons. For conv ' +
  'kernels, Ch (%) is the share of input channels zero in every filter, 2D (%) of all-zero kh x kw ' +
  'kernels and 3D (%) of all-zero filters. A column that does not apply to a tensor reads 0, as in Distiller. ' +
  'Std is the sample standard deviation (n - 1); Std, Mean and Abs-Mean include the zeros.';

export interface SummaryRow {
  name: string;
  shape: string;
  nnzDense: number;
  nnzSparse: number;
  colsPct: number;
  rowsPct: number;
  chPct: number;
  pct2D: number;
  pct3D: number;
  finePct: number;
  std: number;
  mean: number;
  absMean: number;
}

export interface NamedWeights {
  name: string;
  shape: readonly number[];
  values: ArrayLike<number>;
}

export interface SparsityStats {
  numel: number;
  nnz: number;
  sparsity: number;
  density: number;
}

/** sparsity = share of elements exactly 0; NNZ = count of |w| > 0. */
export function sparsityStats(w: ArrayLike<number>): SparsityStats {
  let nnz = 0;
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) nnz++;
  const numel = w.length;
  const density = numel === 0 ? 0 : nnz / numel;
  return { numel, nnz, sparsity: numel === 0 ? 0 : 1 - density, density };
}

/** Percent of structures (index floor(i / stride) % count) whose elements are all zero. */
function zeroStructurePct(w: ArrayLike<number>, count: number, stride: number): number {
  const alive = new Uint8Array(count);
  // Flat index i = (block * count + j) * stride + r.
  const blocks = w.length / (count * stride);
  let i = 0;
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < count; j++) {
      for (let r = 0; r < stride; r++) if (w[i++] !== 0) alive[j] = 1;
    }
  }
  let zero = 0;
  for (let j = 0; j < count; j++) if (!alive[j]) zero++;
  return (100 * zero) / count;
}

/** One summary row for a rank-2 [in, out] or rank-4 [kh, kw, in, out] tensor (values already masked). */
export function summaryRow(t: NamedWeights): SummaryRow {
  const { shape, values: w } = t;
  const numel = shape.reduce((a, b) => a * b, 1);
  if (shape.length !== 2 && shape.length !== 4) {
    throw new PruningInputError(
      `${t.name}: the sparsity summary covers rank-2 and rank-4 weights; got shape [${shape.join(', ')}].`,
    );
  }
  if (w.length !== numel)
    throw new PruningInputError(`${t.name}: ${w.length} values do not match shape [${shape.join(', ')}].`);
  const out = shape[shape.length - 1];
  const inputs = shape[shape.length - 2];
  const stats = sparsityStats(w);
  let sum = 0;
  let absSum = 0;
  for (let i = 0; i < numel; i++) {
    sum += w[i];
    absSum += Math.abs(w[i]);
  }
  const row: SummaryRow = {
    name: t.name,
    shape: `(${shape.join(', ')})`,
    nnzDense: numel,
    nnzSparse: stats.nnz,
    colsPct: 0,
    rowsPct: 0,
    chPct: 0,
    pct2D: 0,
    pct3D: 0,
    finePct: 100 * stats.sparsity,
    std: sampleStd(w),
    mean: sum / numel,
    absMean: absSum / numel,
  };
  if (shape.length === 2) {
    row.colsPct = zeroStructurePct(w, out, 1);
    row.rowsPct = zeroStructurePct(w, inputs, out);
    row.pct2D = row.colsPct;
  } else {
    row.chPct = zeroStructurePct(w, inputs, out);
    row.pct2D = zeroStructurePct(w, inputs * out, 1);
    row.pct3D = zeroStructurePct(w, out, 1);
  }
  return row;
}

/** Rows for every rank-2/4 tensor (others skipped), then a `Total sparsity:` row as Distiller prints it. */
export function weightsSparsitySummary(tensors: readonly NamedWeights[]): SummaryRow[] {
  const rows = tensors.filter((t) => t.shape.length === 2 || t.shape.length === 4).map(summaryRow);
  const dense = rows.reduce((a, r) => a + r.nnzDense, 0);
  const sparse = rows.reduce((a, r) => a + r.nnzSparse, 0);
  rows.push({
    name: 'Total sparsity:',
    shape: '-',
    nnzDense: dense,
    nnzSparse: sparse,
    colsPct: 0,
    rowsPct: 0,
    chPct: 0,
    pct2D: 0,
    pct3D: 0,
    finePct: dense === 0 ? 0 : 100 * (1 - sparse / dense),
    std: 0,
    mean: 0,
    absMean: 0,
  });
  return rows;
}

/** One row's cells in the order of SUMMARY_COLUMNS. */
export function summaryCells(r: SummaryRow): (string | number)[] {
  return [
    r.name,
    r.shape,
    r.nnzDense,
    r.nnzSparse,
    r.colsPct,
    r.rowsPct,
    r.chPct,
    r.pct2D,
    r.pct3D,
    r.finePct,
    r.std,
    r.mean,
    r.absMean,
  ];
}

/** CSV with the header exactly SUMMARY_COLUMNS; a name that would read as a spreadsheet formula is escaped. */
export function summaryToCsv(rows: readonly SummaryRow[]): string {
  return Papa.unparse({ fields: [...SUMMARY_COLUMNS], data: rows.map(summaryCells) }, { escapeFormulae: true });
}

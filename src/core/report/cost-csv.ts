// The cost table (params, MACs, storage per prunable tensor, then the totals) as CSV.
import Papa from 'papaparse';
import type { CostReport } from '../cost/cost-report';

export const COST_COLUMNS = [
  'Name',
  'Layer',
  'Class',
  'Shape',
  'Params',
  'NNZ',
  'MACs (dense)',
  'MACs (effective)',
  'Bytes (dense)',
  'Bytes (bitmask)',
  'Bytes (CSR)',
  'Bytes (gzip)',
] as const;

/** One row of cells per tensor in the order of COST_COLUMNS, then a "Total" row. */
export function costRows(report: CostReport): (string | number)[][] {
  const rows = report.tensors.map((t) => [
    t.name,
    t.layerName,
    t.layerClass,
    t.shape.join('x'),
    t.params,
    t.nnz,
    t.macsDense,
    t.macsEffective,
    t.bytes.dense,
    t.bytes.bitmask,
    t.bytes.csr,
    t.bytes.gzip,
  ]);
  const s = report.total;
  rows.push([
    'Total',
    '',
    '',
    '',
    s.params,
    s.nnz,
    s.macsDense,
    s.macsEffective,
    s.bytes.dense,
    s.bytes.bitmask,
    s.bytes.csr,
    s.bytes.gzip,
  ]);
  return rows;
}

/** CSV with the header exactly COST_COLUMNS; names that would read as formulas are escaped. */
export function costToCsv(report: CostReport): string {
  return Papa.unparse({ fields: [...COST_COLUMNS], data: costRows(report) }, { escapeFormulae: true });
}

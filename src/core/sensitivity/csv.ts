// Sensitivity results in the ecosystem's own CSV shapes.
// - Distiller (long): header exactly `parameter,sparsity,top1,top5,loss`, one row per evaluation,
//   e.g. `module.conv1.weight,0.05,91.74,99.63,0.3534`. Numbers are written plainly with fixed
//   decimals: sparsity 2, top1/top5 2 (percent), loss 4 (nats).
// - NNI (wide): one row per layer, one column per sparsity, one metric: `layer,0.00,0.05,...`;
//   a level a layer never reached (early stop) is an empty cell.
import Papa from 'papaparse';
import { csvText, csvTextValue } from '../csv-cell';
import { oneLine } from '../one-line';
import { SensitivityInputError } from './errors';
import type { SensitivityRow } from './types';

export const DISTILLER_CSV_HEADER = ['parameter', 'sparsity', 'top1', 'top5', 'loss'] as const;

/** What a Distiller CSV holds per row. */
export type SensitivityPoint = Pick<SensitivityRow, 'parameter' | 'sparsity' | 'top1' | 'top5' | 'loss'>;

export interface SensitivityCurve {
  parameter: string;
  /** In file order. */
  points: SensitivityPoint[];
}

export type CurveMetric = 'top1' | 'top5' | 'loss' | 'agreement' | 'kl';

const DIGITS: Record<CurveMetric, number> = { top1: 2, top5: 2, loss: 4, agreement: 2, kl: 4 };

export function formatSparsity(s: number): string {
  return s.toFixed(2);
}

export function toDistillerCsv(rows: readonly SensitivityPoint[]): string {
  const lines = [DISTILLER_CSV_HEADER.join(',')];
  for (const r of rows)
    lines.push(
      [csvText(r.parameter), formatSparsity(r.sparsity), r.top1.toFixed(2), r.top5.toFixed(2), r.loss.toFixed(4)].join(
        ',',
      ),
    );
  return lines.join('\n') + '\n';
}

/** NNI's wide layout for one metric; columns are every sparsity seen, ascending. */
export function toNniCsv(rows: readonly SensitivityRow[], metric: CurveMetric = 'top1'): string {
  const levels = [...new Set(rows.map((r) => r.sparsity))].sort((a, b) => a - b);
  const layers = [...new Set(rows.map((r) => r.parameter))];
  const lines = [['layer', ...levels.map(formatSparsity)].join(',')];
  for (const layer of layers) {
    const cells = levels.map((s) => {
      const r = rows.find((x) => x.parameter === layer && x.sparsity === s);
      const v = r?.[metric];
      return v === undefined ? '' : v.toFixed(DIGITS[metric]);
    });
    lines.push([csvText(layer), ...cells].join(','));
  }
  return lines.join('\n') + '\n';
}

function headerProblem(header: string[]): string | null {
  const want = DISTILLER_CSV_HEADER as readonly string[];
  if (header.length === want.length && header.every((h, i) => h === want[i])) return null;
  const missing = want.filter((w) => !header.includes(w));
  const extra = header.filter((h) => !want.includes(h));
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.map((m) => `'${m}'`).join(', ')}`);
  if (extra.length) parts.push(`extra ${extra.map((m) => `'${oneLine(m)}'`).join(', ')}`);
  if (!parts.length) parts.push(`columns in the wrong order ('${oneLine(header.join(','), 80)}')`);
  return parts.join('; ');
}

/**
 * Reads a Distiller sensitivity CSV; returns the curves grouped per parameter (first-seen order).
 * Throws SensitivityInputError naming the file, line and column of the first problem.
 */
export function parseDistillerCsv(text: string, fileName = 'sensitivity CSV'): SensitivityCurve[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const table = parsed.data;
  if (table.length === 0)
    throw new SensitivityInputError(`${fileName} is empty; expected the header ${DISTILLER_CSV_HEADER.join(',')}`);
  const header = table[0].map((h) => h.trim());
  const problem = headerProblem(header);
  if (problem) {
    throw new SensitivityInputError(
      `${fileName} is not a Distiller sensitivity CSV: the header must be exactly ` +
        `'${DISTILLER_CSV_HEADER.join(',')}' (${problem})`,
    );
  }
  if (table.length === 1) throw new SensitivityInputError(`${fileName} has a header but no rows`);
  const curves = new Map<string, SensitivityCurve>();
  for (let r = 1; r < table.length; r++) {
    const line = r + 1;
    const cells = table[r];
    if (cells.length !== DISTILLER_CSV_HEADER.length) {
      throw new SensitivityInputError(
        `${fileName} line ${line}: expected ${DISTILLER_CSV_HEADER.length} columns, found ${cells.length}`,
      );
    }
    const parameter = csvTextValue(cells[0].trim());
    if (parameter === '')
      throw new SensitivityInputError(`${fileName} line ${line}, column 'parameter': empty tensor name`);
    const num = (i: number): number => {
      const raw = cells[i].trim();
      const v = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(v))
        throw new SensitivityInputError(
          `${fileName} line ${line}, column '${DISTILLER_CSV_HEADER[i]}': '${oneLine(cells[i])}' is not a number`,
        );
      return v;
    };
    const point: SensitivityPoint = { parameter, sparsity: num(1), top1: num(2), top5: num(3), loss: num(4) };
    if (point.sparsity < 0 || point.sparsity > 1) {
      throw new SensitivityInputError(
        `${fileName} line ${line}, column 'sparsity': ${point.sparsity} is outside [0, 1]`,
      );
    }
    let curve = curves.get(parameter);
    if (!curve) curves.set(parameter, (curve = { parameter, points: [] }));
    curve.points.push(point);
  }
  return [...curves.values()];
}

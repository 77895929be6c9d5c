import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { searchTensors } from '../../core/layers-outline';
import { selectTensors } from '../../state/selectors';
import { SUMMARY_COLUMNS, SUMMARY_CONVENTION_NOTE, summaryToCsv, type SummaryRow } from '../../core/pruning/summary';
import { saveBytes } from '../shared/download';
import { int } from '../shared/format';
import { useLab } from '../shared/use-lab';
import type { prune } from '../../i18n/en/prune';

type Column = (typeof SUMMARY_COLUMNS)[number];
type Kind = 'text' | 'int' | 'pct' | 'stat';

// `label`: the column's header in the catalogue (`prune.summary.col.<label>`); the CSV keeps Distiller's names
type Label = keyof typeof prune.summary.col;
const FIELDS: Record<Column, { key: keyof SummaryRow; kind: Kind; label: Label }> = {
  Name: { key: 'name', kind: 'text', label: 'name' },
  Shape: { key: 'shape', kind: 'text', label: 'shape' },
  'NNZ (dense)': { key: 'nnzDense', kind: 'int', label: 'nnzDense' },
  'NNZ (sparse)': { key: 'nnzSparse', kind: 'int', label: 'nnzSparse' },
  'Cols (%)': { key: 'colsPct', kind: 'pct', label: 'cols' },
  'Rows (%)': { key: 'rowsPct', kind: 'pct', label: 'rows' },
  'Ch (%)': { key: 'chPct', kind: 'pct', label: 'ch' },
  '2D (%)': { key: 'pct2D', kind: 'pct', label: 'd2' },
  '3D (%)': { key: 'pct3D', kind: 'pct', label: 'd3' },
  'Fine (%)': { key: 'finePct', kind: 'pct', label: 'fine' },
  Std: { key: 'std', kind: 'stat', label: 'std' },
  Mean: { key: 'mean', kind: 'stat', label: 'mean' },
  'Abs-Mean': { key: 'absMean', kind: 'stat', label: 'absMean' },
};

/** Columns Distiller fills on its total row; the others print 0 there and mean nothing. */
const TOTAL_FIELDS = new Set<keyof SummaryRow>(['name', 'shape', 'nnzDense', 'nnzSparse', 'finePct']);

function stat(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  // 4 significant digits; scientific only where fixed notation would need more than 6 places.
  return a >= 1e-4 && a < 1e5 ? Number(x.toPrecision(4)).toString() : x.toExponential(3);
}

function cell(row: SummaryRow, key: keyof SummaryRow, kind: Kind): string {
  const v = row[key];
  if (kind === 'text') return String(v);
  if (kind === 'int') return int(v as number);
  if (kind === 'pct') return (v as number).toFixed(2);
  return stat(v as number);
}

/** Past this many rows only the rows in view are rendered. */
const VIRTUAL_FROM = 40;
const ROW_PX = 35;

export function SparsityTablePanel() {
  const sparsityTable = useLab((s) => s.sparsityTable);
  const tensors = useLab(selectTensors);
  const query = useLab((s) => s.layerQuery);
  const [sort, setSort] = useState<{ col: Column; dir: 'ascending' | 'descending' } | null>(null);
  const { t } = useTranslation();

  const { body, total } = useMemo(() => {
    const rows = sparsityTable?.rows ?? [];
    const last = rows.length ? rows[rows.length - 1] : null;
    const hasTotal = !!last && last.name.startsWith('Total');
    const matched = query.trim() ? new Set(searchTensors(tensors, query)) : null;
    const all = hasTotal ? rows.slice(0, -1) : rows.slice();
    // the search words filter this list too; a row the model does not name stays
    const known = new Set(tensors.map((t) => t.name));
    const body = matched ? all.filter((r) => !known.has(r.name) || matched.has(r.name)) : all;
    if (sort) {
      const { key } = FIELDS[sort.col];
      const sign = sort.dir === 'ascending' ? 1 : -1;
      body.sort((a, b) => {
        const x = a[key];
        const y = b[key];
        return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
      });
    }
    return { body, total: hasTotal ? last : null };
  }, [sparsityTable, sort, query, tensors]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = body.length > VIRTUAL_FROM;
  const v = useVirtualizer({
    count: virtual ? body.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
  });
  const items = v.getVirtualItems();
  const shown = virtual ? items.map((it) => body[it.index]) : body;
  const before = virtual && items.length ? items[0].start : 0;
  const after = virtual && items.length ? v.getTotalSize() - items[items.length - 1].end : 0;

  if (!sparsityTable) return <p className="muted busy-line">{t('prune.summary.computing')}</p>;

  const toggle = (col: Column) =>
    setSort((s) =>
      s?.col === col
        ? s.dir === 'ascending'
          ? { col, dir: 'descending' }
          : null
        : { col, dir: FIELDS[col].kind === 'text' ? 'ascending' : 'descending' },
    );

  return (
    <div className="sparsity-table-panel">
      <div className={`table-wrap ${virtual ? 'scroll-box' : ''}`} ref={scrollRef}>
        <table className="layers sparsity-table">
          <caption className="visually-hidden">{t('prune.summary.caption')}</caption>
          <thead>
            <tr>
              {SUMMARY_COLUMNS.map((col) => {
                const kind = FIELDS[col].kind;
                const dir = sort?.col === col ? sort.dir : undefined;
                const header = t(`prune.summary.col.${FIELDS[col].label}`);
                return (
                  <th key={col} scope="col" className={kind === 'text' ? '' : 'num'} aria-sort={dir ?? 'none'}>
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => toggle(col)}
                      title={t('prune.summary.sortBy', { col: header })}
                    >
                      {header}
                      <span className="sort-mark" aria-hidden>
                        {dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {before > 0 && (
              <tr aria-hidden style={{ height: before }}>
                <td colSpan={SUMMARY_COLUMNS.length} />
              </tr>
            )}
            {shown.map((row) => (
              <tr key={row.name}>
                {SUMMARY_COLUMNS.map((col, i) => {
                  const { key, kind } = FIELDS[col];
                  const text = cell(row, key, kind);
                  if (i === 0)
                    return (
                      <th key={col} scope="row" className="mono">
                        {text}
                      </th>
                    );
                  return (
                    <td key={col} className={kind === 'text' ? 'mono' : 'num'}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
            {after > 0 && (
              <tr aria-hidden style={{ height: after }}>
                <td colSpan={SUMMARY_COLUMNS.length} />
              </tr>
            )}
          </tbody>
          {total && (
            <tfoot>
              <tr className="total-row">
                {SUMMARY_COLUMNS.map((col, i) => {
                  const { key, kind } = FIELDS[col];
                  const text = i === 0 ? t('prune.summary.total') : TOTAL_FIELDS.has(key) ? cell(total, key, kind) : '';
                  if (i === 0)
                    return (
                      <th key={col} scope="row">
                        {text}
                      </th>
                    );
                  return (
                    <td key={col} className={kind === 'text' ? 'mono' : 'num'}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      <div className="inspect-foot">
        <p className="hint">
          {sparsityTable.convention === SUMMARY_CONVENTION_NOTE ? t('prune.summary.note') : sparsityTable.convention}
        </p>
        <button
          type="button"
          className="btn"
          onClick={() => saveBytes('sparsity-summary.csv', summaryToCsv(sparsityTable.rows), 'text/csv')}
        >
          {t('prune.summary.exportCsv')}
        </button>
      </div>
    </div>
  );
}

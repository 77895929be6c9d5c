// A chart's text alternative: its data as a table, folded in a <details> under the chart.
import './chart-data.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ChartDataColumn {
  label: string;
  /** right-aligned figures */
  numeric?: boolean;
}

/** A cell as shown; null is an empty cell. */
export type Cell = string | number | null;
type Rows = readonly (readonly Cell[])[];

/**
 * The numbers a chart draws, folded for the eye and reachable by keyboard and screen readers; the
 * first cell of a row heads it. The table is built only while open: a long model's chart redraws
 * on every slider move, its closed table costs nothing.
 */
export function ChartDataTable(props: {
  /** the <summary> line, e.g. "Data table (64 bins)"; "Data table" when left out */
  summary?: string;
  caption: string;
  columns: readonly ChartDataColumn[];
  /** the rows, or a function that builds them (called only while the table is open) */
  rows: Rows | (() => Rows);
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (typeof props.rows !== 'function' && !props.rows.length) return null;
  const rows = open ? (typeof props.rows === 'function' ? props.rows() : props.rows) : [];
  const num = (j: number) => (props.columns[j]?.numeric ? 'num' : undefined);
  return (
    <details className="chart-data" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{props.summary ?? t('presenter.dataTable')}</summary>
      {open && (
        // it scrolls: keyboard users reach it too
        <div className="table-wrap" tabIndex={0} role="region" aria-label={props.caption}>
          <table className="layers chart-data-table">
            <caption>{props.caption}</caption>
            <thead>
              <tr>
                {props.columns.map((c) => (
                  <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row" className={num(j)}>
                        {cell}
                      </th>
                    ) : (
                      <td key={j} className={num(j)}>
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

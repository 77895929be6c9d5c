import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type Cell = string | number | null;
type Rows = readonly (readonly Cell[])[];

/**
 * A chart's text alternative: the numbers it draws, as a table in a <details> under the chart
 * (folded for the eye, reachable by keyboard and screen readers). Numbers are shown as given;
 * null is an empty cell. The table is built only while open: a long model's chart redraws on every
 * slider move, its closed table costs nothing.
 */
export function ChartDataTable(props: {
  caption: ReactNode;
  columns: readonly string[];
  /** the rows, or a function that builds them (called only while the table is open) */
  rows: Rows | (() => Rows);
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (typeof props.rows !== 'function' && !props.rows.length) return null;
  const rows = open ? (typeof props.rows === 'function' ? props.rows() : props.rows) : [];
  return (
    <details className="chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('presenter.dataTable')}</summary>
      {open && (
        <div className="chart-table-scroll" tabIndex={0} role="region" aria-label={t('presenter.dataTable')}>
          <table>
            <caption>{props.caption}</caption>
            <thead>
              <tr>
                {props.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={j}>{cell}</td>
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

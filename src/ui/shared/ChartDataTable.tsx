// A chart's text alternative: its data as a table, folded in a <details> under the chart.
import './chart-data.css';

export interface ChartDataColumn {
  label: string;
  /** right-aligned figures */
  numeric?: boolean;
}

export function ChartDataTable(props: {
  /** the <summary> line, e.g. "Data table (64 bins)" */
  summary: string;
  caption: string;
  columns: readonly ChartDataColumn[];
  rows: readonly (readonly (string | number)[])[];
}) {
  return (
    <details className="chart-data">
      <summary>{props.summary}</summary>
      <div className="table-wrap">
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
            {props.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j} className={props.columns[j]?.numeric ? 'num' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

import { useRef } from 'react';
import { toDistillerCsv, toNniCsv } from '../../core/sensitivity/csv';
import type { SensitivityRun } from '../../state/types';
import { saveBytes } from '../shared/download';
import { useLab, useLabActions } from '../shared/use-lab';

const STATUS: Record<SensitivityRun['status'], string> = {
  running: 'running',
  done: 'done',
  cancelled: 'cancelled, rows kept',
  failed: 'failed',
};

/** Which analysis the charts show, and its CSV import/export in Distiller's and NNI's layouts. */
export function SensitivityRuns(props: { run: SensitivityRun | null }) {
  const { run } = props;
  const runs = useLab((s) => s.runs);
  const { selectRun, importSensitivityCsv } = useLabActions();
  const input = useRef<HTMLInputElement>(null);
  const empty = !run || run.rows.length === 0;

  return (
    <section className="panel runs-bar" aria-label="Analyses">
      <label className="field grow">
        <span>Analysis</span>
        <select
          aria-label="Analysis"
          value={run ? String(run.id) : ''}
          disabled={!runs.length}
          onChange={(e) => selectRun(Number(e.target.value))}
        >
          {!runs.length && <option value="">none yet</option>}
          {runs.map((r) => (
            <option key={r.id} value={String(r.id)}>
              {r.label} · {STATUS[r.status]} · {r.rows.length} rows
            </option>
          ))}
        </select>
      </label>
      <div className="runs-actions">
        <button
          type="button"
          className="btn"
          disabled={empty}
          onClick={() => run && saveBytes('sensitivity.csv', toDistillerCsv(run.rows), 'text/csv')}
        >
          Export CSV (Distiller)
        </button>
        <button
          type="button"
          className="btn"
          disabled={empty}
          onClick={() => run && saveBytes('sensitivity-nni.csv', toNniCsv(run.rows, 'top1'), 'text/csv')}
        >
          Export CSV (NNI wide)
        </button>
        <button type="button" className="btn" onClick={() => input.current?.click()}>
          Import Distiller CSV…
        </button>
        <input
          ref={input}
          type="file"
          hidden
          accept=".csv,text/csv"
          aria-label="Import sensitivity CSV"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) importSensitivityCsv(file.name, await file.text());
          }}
        />
      </div>
      {run && run.status !== 'done' && <span className={`run-status status-${run.status}`}>{STATUS[run.status]}</span>}
      {run?.notes.map((n) => (
        <p key={n} className="note run-note">
          {n}
        </p>
      ))}
    </section>
  );
}

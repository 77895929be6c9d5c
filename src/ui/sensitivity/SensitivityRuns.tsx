import { useTranslation } from 'react-i18next';
import { useRef } from 'react';
import { toDistillerCsv, toNniCsv } from '../../core/sensitivity/csv';
import type { SensitivityRun } from '../../state/types';
import { saveBytes } from '../shared/download';
import { useLab, useLabActions } from '../shared/use-lab';

/** Which analysis the charts show, and its CSV import/export in Distiller's and NNI's layouts. */
export function SensitivityRuns(props: { run: SensitivityRun | null }) {
  const { run } = props;
  const runs = useLab((s) => s.runs);
  const { selectRun, importSensitivityCsv } = useLabActions();
  const input = useRef<HTMLInputElement>(null);
  const empty = !run || run.rows.length === 0;
  const { t } = useTranslation();

  return (
    <section className="panel runs-bar" aria-label={t('sensitivity.runs.label')}>
      <label className="field grow">
        <span>{t('sensitivity.runs.analysis')}</span>
        <select
          aria-label={t('sensitivity.runs.analysis')}
          value={run ? String(run.id) : ''}
          disabled={!runs.length}
          onChange={(e) => selectRun(Number(e.target.value))}
        >
          {!runs.length && <option value="">{t('sensitivity.runs.noneYet')}</option>}
          {runs.map((r) => (
            <option key={r.id} value={String(r.id)}>
              {t('sensitivity.runs.option', {
                label: r.label,
                status: t(`sensitivity.status.${r.status}`),
                n: r.rows.length,
              })}
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
          {t('sensitivity.runs.exportDistiller')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={empty}
          onClick={() => run && saveBytes('sensitivity-nni.csv', toNniCsv(run.rows, 'top1'), 'text/csv')}
        >
          {t('sensitivity.runs.exportNni')}
        </button>
        <button type="button" className="btn" onClick={() => input.current?.click()}>
          {t('sensitivity.runs.import')}
        </button>
        <input
          ref={input}
          type="file"
          hidden
          accept=".csv,text/csv"
          aria-label={t('sensitivity.runs.importName')}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) importSensitivityCsv(file.name, await file.text());
          }}
        />
      </div>
      {run && run.status !== 'done' && (
        <span className={`run-status status-${run.status}`}>{t(`sensitivity.status.${run.status}`)}</span>
      )}
      {run?.notes.map((n) => (
        <p key={n} className="note run-note">
          {n}
        </p>
      ))}
    </section>
  );
}

import { isRunActive } from '../../state/selectors';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { denseReference, eventLabel } from './run-series';
import { pct, signed } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';

/** The states a finished run kept; any of them can become the model's weights. */
export function CheckpointList() {
  const { t } = useTranslation();
  const run = useLab((s) => s.run);
  const { restoreCheckpoint } = useLabActions();
  const timeline = run?.kind === 'schedule' ? run.timeline : null;
  const dense = useMemo(() => (timeline ? denseReference(timeline, null) : null), [timeline]);
  if (!run || run.kind !== 'schedule' || run.checkpoints.length === 0) return null;
  const busy = isRunActive(run);

  return (
    <section className="panel" aria-label={t('schedule.checkpoint.label')}>
      <h2>{t('schedule.checkpoint.label')}</h2>
      <p className="hint checkpoint-intro">{t('schedule.checkpoint.intro', { step: run.adoptedStep ?? '—' })}</p>
      <div className="table-wrap">
        <table className="layers plan-table checkpoint-table">
          <thead>
            <tr>
              <th scope="col">{t('schedule.timeline.step')}</th>
              <th scope="col">{t('schedule.timeline.event')}</th>
              <th scope="col" className="num">
                {t('schedule.checkpoint.top1')}
              </th>
              <th scope="col" className="num">
                {t('schedule.checkpoint.delta')}
              </th>
              <th scope="col" className="num">
                {t('schedule.timeline.sparsity')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('schedule.checkpoint.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {run.checkpoints.map((c) => {
              const adopted = c.step === run.adoptedStep;
              return (
                <tr key={c.step} className={adopted ? 'adopted' : ''} aria-current={adopted ? 'true' : undefined}>
                  <td className="num">{c.step}</td>
                  <td>
                    {eventLabel(c)}
                    {adopted && <span className="adopted-mark">{t('schedule.checkpoint.current')}</span>}
                  </td>
                  <td className="num">{pct(c.top1)}</td>
                  <td className={`num ${dense !== null && c.top1 < dense ? 'worse' : ''}`}>
                    {dense === null ? '—' : t('schedule.checkpoint.points', { value: signed(c.top1 - dense) })}
                  </td>
                  <td className="num">{(100 * c.sparsity).toFixed(1)}%</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={busy || adopted}
                      onClick={() => void restoreCheckpoint(c.step)}
                    >
                      {t('schedule.checkpoint.back', { step: c.step })}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {dense !== null && <p className="hint">{t('schedule.checkpoint.dense', { pct: pct(dense) })}</p>}
    </section>
  );
}

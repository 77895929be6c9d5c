import { Trans, useTranslation } from 'react-i18next';
import { isRunActive, selectHasModel } from '../../state/selectors';
import { int } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';
import { useMainAction } from '../shortcuts/main-action';

/** Start / pause / resume / cancel of a training run, with its live progress line. */
export function RunControls(props: {
  kind: 'schedule' | 'han';
  startLabel: string;
  onStart: () => void;
  blocker?: string | null;
}) {
  const run = useLab((s) => s.run);
  const hasModel = useLab(selectHasModel);
  const { pauseRun, resumeRun, cancelRun } = useLabActions();
  const active = isRunActive(run);
  const mine = run?.kind === props.kind;
  const batch = mine ? run?.batch : null;
  const { t } = useTranslation();
  const blocker = !hasModel ? t('schedule.run.loadFirst') : props.blocker;
  useMainAction(props.kind === 'schedule' ? 'schedule' : null, active || blocker ? null : props.onStart);

  return (
    <div className="run-controls">
      <div className="run-buttons">
        <button type="button" className="btn btn-primary" disabled={active || !!blocker} onClick={props.onStart}>
          {props.startLabel}
        </button>
        {/* only the panel whose run is active has these, so each name is unique on the page */}
        {mine && active && (
          <>
            {run?.status === 'paused' ? (
              <button type="button" className="btn" onClick={resumeRun}>
                {t('schedule.run.resume')}
              </button>
            ) : (
              <button type="button" className="btn" onClick={pauseRun}>
                {t('schedule.run.pause')}
              </button>
            )}
            <button type="button" className="btn" onClick={cancelRun}>
              {t('schedule.run.cancel')}
            </button>
          </>
        )}
        {mine && run && (
          <span className={`run-status status-${run.status}`} data-testid={`${props.kind}-run-status`}>
            {t(`schedule.run.status.${run.status}`)}
          </span>
        )}
        {active && !mine && <span className="note warn">{t('schedule.run.another')}</span>}
        {blocker && !active && <span className="note warn">{blocker}</span>}
      </div>
      {mine && run && (
        <div className="run-progress" aria-live="polite">
          {batch ? (
            <>
              <progress aria-label={t('schedule.run.progress')} max={batch.batches || 1} value={batch.batch} />
              <span className="mono" data-testid={`${props.kind}-run-progress`}>
                {t('schedule.run.batch', {
                  epoch: batch.epoch,
                  batch: int(batch.batch),
                  batches: int(batch.batches),
                  loss: batch.loss.toFixed(4),
                })}
              </span>
              <span className="revived" title={t('schedule.run.revivedTitle')}>
                <Trans
                  i18nKey="schedule.run.revived"
                  values={{ after: int(batch.prunedNonZero) }}
                  components={[<strong key="after" data-testid="revived-after-remask" />]}
                />
                <span className="muted">{t('schedule.run.before', { n: int(batch.revivedBeforeRemask) })}</span>
              </span>
            </>
          ) : (
            active && (
              <span className="note">
                {run.timeline.length ? t('schedule.run.evaluating') : t('schedule.run.starting')}
              </span>
            )
          )}
          {run.statusText && (
            <span className="note" data-testid="run-status-text">
              {run.statusText}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

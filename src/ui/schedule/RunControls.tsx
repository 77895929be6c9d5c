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
  const blocker = !hasModel ? 'Load a model first.' : props.blocker;
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
                Resume
              </button>
            ) : (
              <button type="button" className="btn" onClick={pauseRun}>
                Pause
              </button>
            )}
            <button type="button" className="btn" onClick={cancelRun}>
              Cancel
            </button>
          </>
        )}
        {mine && run && (
          <span className={`run-status status-${run.status}`} data-testid={`${props.kind}-run-status`}>
            {run.status}
          </span>
        )}
        {active && !mine && <span className="note warn">Another run is in progress.</span>}
        {blocker && !active && <span className="note warn">{blocker}</span>}
      </div>
      {mine && run && (
        <div className="run-progress" aria-live="polite">
          {batch ? (
            <>
              <progress aria-label="Epoch progress" max={batch.batches || 1} value={batch.batch} />
              <span className="mono" data-testid={`${props.kind}-run-progress`}>
                epoch {batch.epoch} · batch {int(batch.batch)} of {int(batch.batches)} · loss {batch.loss.toFixed(4)}
              </span>
              <span
                className="revived"
                title="Masked weights the optimizer step made non-zero, and how many remain non-zero after re-masking"
              >
                Revived weights: <strong data-testid="revived-after-remask">{int(batch.prunedNonZero)}</strong> after
                re-masking
                <span className="muted"> ({int(batch.revivedBeforeRemask)} before)</span>
              </span>
            </>
          ) : (
            active && <span className="note">{run.timeline.length ? 'evaluating…' : 'starting…'}</span>
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

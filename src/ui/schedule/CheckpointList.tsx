import { useMemo } from 'react';
import { denseReference, eventLabel } from './run-series';
import { pct, signed } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';

/** The states a finished run kept; any of them can become the model's weights. */
export function CheckpointList() {
  const run = useLab((s) => s.run);
  const { restoreCheckpoint } = useLabActions();
  const timeline = run?.kind === 'schedule' ? run.timeline : null;
  const dense = useMemo(() => (timeline ? denseReference(timeline, null) : null), [timeline]);
  if (!run || run.kind !== 'schedule' || run.checkpoints.length === 0) return null;
  const busy = run.status === 'running' || run.status === 'paused';

  return (
    <section className="panel" aria-label="Checkpoints">
      <h2>Checkpoints</h2>
      <p className="hint checkpoint-intro">
        The model holds the weights of step {run.adoptedStep ?? '—'}. Going back makes another step's weights the
        model's (dense) weights; the Prune view then starts from them.
      </p>
      <div className="table-wrap">
        <table className="layers plan-table checkpoint-table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Event</th>
              <th scope="col" className="num">
                Top-1
              </th>
              <th scope="col" className="num">
                Δ vs dense
              </th>
              <th scope="col" className="num">
                Sparsity
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
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
                    {adopted && <span className="adopted-mark"> ● current</span>}
                  </td>
                  <td className="num">{pct(c.top1)}</td>
                  <td className={`num ${dense !== null && c.top1 < dense ? 'worse' : ''}`}>
                    {dense === null ? '—' : `${signed(c.top1 - dense)} pp`}
                  </td>
                  <td className="num">{(100 * c.sparsity).toFixed(1)}%</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={busy || adopted}
                      onClick={() => void restoreCheckpoint(c.step)}
                    >
                      Go back to step {c.step}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {dense !== null && <p className="hint">Dense top-1 before the run: {pct(dense)}.</p>}
    </section>
  );
}

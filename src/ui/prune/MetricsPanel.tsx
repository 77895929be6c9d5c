import type { EvalFigure } from '../../core/lab/types';
import { selectCurrentFigure, selectDatasetSize, selectDenseReference } from '../../state/selectors';
import { frac, int, ms, pct, signed } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';

function Metric(props: { label: string; value: string; delta?: string; worse?: boolean; sub?: string }) {
  return (
    <div className="metric" role="group" aria-label={props.label}>
      <div className="metric-label">{props.label}</div>
      <div className="metric-value" data-testid={`metric-${props.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>
        {props.value}
      </div>
      {props.delta && <div className={`metric-delta ${props.worse ? 'worse' : 'better'}`}>{props.delta}</div>}
      {props.sub && <div className="metric-sub">{props.sub}</div>}
    </div>
  );
}

function figureNote(f: EvalFigure | null, evalN: number | undefined): string {
  if (!f) return '';
  if (f.phase === 'quick') return `estimate on ${int(f.metrics.n)} test images · ${ms(f.ms)}`;
  return `${int(f.metrics.n)}${evalN && f.metrics.n < evalN ? ` of ${int(evalN)}` : ''} test images · ${ms(f.ms)}`;
}

export function MetricsPanel() {
  const baseline = useLab((s) => s.baseline);
  const current = useLab(selectCurrentFigure);
  // quick is compared with the dense model on the same quick subset, full with the dense full figure
  const dense = useLab(selectDenseReference);
  const sparsity = useLab((s) => s.sparsity);
  const progress = useLab((s) => s.progress);
  const evaluating = useLab((s) => s.evaluating);
  const datasetN = useLab(selectDatasetSize);
  const fit = useLab((s) => s.model?.dataFit);
  const { cancel } = useLabActions();
  const m = current?.metrics;
  const b = (current ? dense : baseline)?.metrics;
  const vs = current?.phase === 'quick' && b ? `dense, same ${int(b.n)}-image subset` : 'dense';
  // data without labels that fit: measured against the dense model (top-1 agreement and KL)
  const agreement = (m ?? b)?.measure === 'agreement';
  const kl = (x: typeof m) => (x?.kl ?? 0).toFixed(4);
  const total = sparsity?.total;

  return (
    <section className="panel metrics" aria-label="Accuracy">
      <div className="metrics-row">
        <Metric
          label={agreement ? 'Top-1 agreement' : 'Top-1'}
          value={m ? pct(m.top1) : b ? pct(b.top1) : '—'}
          delta={
            m && b ? `${signed(m.top1 - b.top1)} pp vs ${vs} ${pct(b.top1)}` : b ? `dense ${pct(b.top1)}` : undefined
          }
          worse={!!(m && b && m.top1 < b.top1)}
        />
        <Metric
          label="Top-5"
          value={m ? pct(m.top5) : b ? pct(b.top5) : '—'}
          delta={m && b ? `${signed(m.top5 - b.top5)} pp vs ${vs} ${pct(b.top5)}` : undefined}
          worse={!!(m && b && m.top5 < b.top5)}
        />
        {agreement ? (
          <Metric
            label="KL"
            value={kl(m ?? b)}
            sub="KL(dense ‖ pruned) of the softmax outputs, nats"
            worse={!!(m && (m.kl ?? 0) > 0)}
          />
        ) : (
          <Metric
            label="Loss"
            value={m ? m.loss.toFixed(4) : b ? b.loss.toFixed(4) : '—'}
            delta={m && b ? `${signed(m.loss - b.loss, 4)} vs ${vs} ${b.loss.toFixed(4)}` : undefined}
            worse={!!(m && b && m.loss > b.loss)}
          />
        )}
        <Metric
          label="Sparsity"
          value={total ? frac(total.sparsity, 2) : '0.00%'}
          sub={
            total
              ? `${int(total.nnz)} of ${int(total.numel)} prunable weights left · ` +
                `${(total.numel / Math.max(total.nnz, 1)).toFixed(1)}× fewer`
              : undefined
          }
        />
      </div>
      <div className="metrics-foot" aria-live="polite">
        {fit && !fit.fits && !agreement && !evaluating ? (
          <span className="note warn">
            No labelled data fits this model yet: {fit.reason}. Its layers and weights are shown; accuracy needs 28×28×1
            (or 784-feature) input with 10 classes.
          </span>
        ) : (
          <>
            <span className={`phase ${current?.phase ?? ''}`} data-testid="figure-phase">
              {current
                ? current.phase === 'quick'
                  ? 'Quick estimate'
                  : 'Full test set'
                : baseline
                  ? 'Dense model'
                  : ''}
            </span>
            <span className="note">{figureNote(current ?? baseline, datasetN)}</span>
            {(m ?? b) && (
              <span className="note" data-testid="figure-measure">
                {agreement
                  ? `measured without labels: agreement with the dense model${fit && !fit.fits ? ` (${fit.reason})` : ''}`
                  : 'measured against the labels'}
              </span>
            )}
            {evaluating && (
              <span className="progress-wrap">
                <progress aria-label="Evaluation progress" max={progress?.total ?? 1} value={progress?.done ?? 0} />
                <span className="note">
                  {evaluating === 'baseline' ? 'evaluating the dense model…' : 'evaluating…'}
                </span>
                {evaluating === 'plan' && (
                  <button type="button" className="btn btn-small" onClick={cancel}>
                    Cancel
                  </button>
                )}
              </span>
            )}
          </>
        )}
      </div>
    </section>
  );
}

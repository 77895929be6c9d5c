import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { EvalFigure } from '../../core/lab/types';
import { selectCurrentFigure, selectDatasetSize, selectDenseReference } from '../../state/selectors';
import { frac, int, ms, pct, signed } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';

/** `id`: the English name the test id is made from (`metric-top-1`), whatever the page's language. */
function Metric(props: { id: string; label: string; value: string; delta?: string; worse?: boolean; sub?: string }) {
  return (
    <div className="metric" role="group" aria-label={props.label}>
      <div className="metric-label">{props.label}</div>
      <div className="metric-value" data-testid={`metric-${props.id.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>
        {props.value}
      </div>
      {props.delta && <div className={`metric-delta ${props.worse ? 'worse' : 'better'}`}>{props.delta}</div>}
      {props.sub && <div className="metric-sub">{props.sub}</div>}
    </div>
  );
}

function figureNote(f: EvalFigure | null, evalN: number | undefined, t: TFunction): string {
  if (!f) return '';
  const n = int(f.metrics.n);
  const time = ms(f.ms);
  if (f.phase === 'quick') return t('prune.metrics.estimateOn', { n, time });
  if (evalN && f.metrics.n < evalN) return t('prune.metrics.imagesOf', { n, total: int(evalN), time });
  return t('prune.metrics.images', { n, time });
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
  const { t } = useTranslation();
  const m = current?.metrics;
  const b = (current ? dense : baseline)?.metrics;
  const vs =
    current?.phase === 'quick' && b ? t('prune.metrics.vsSubset', { n: int(b.n) }) : t('prune.metrics.vsDense');
  // data without labels that fit: measured against the dense model (top-1 agreement and KL)
  const agreement = (m ?? b)?.measure === 'agreement';
  const kl = (x: typeof m) => (x?.kl ?? 0).toFixed(4);
  const total = sparsity?.total;

  return (
    <section className="panel metrics" aria-label={t('prune.metrics.label')}>
      <div className="metrics-row">
        <Metric
          id={agreement ? 'Top-1 agreement' : 'Top-1'}
          label={agreement ? t('prune.metrics.agreement') : t('prune.metrics.top1')}
          value={m ? pct(m.top1) : b ? pct(b.top1) : '—'}
          delta={
            m && b
              ? t('prune.metrics.delta', { d: signed(m.top1 - b.top1), vs, ref: pct(b.top1) })
              : b
                ? t('prune.metrics.denseRef', { ref: pct(b.top1) })
                : undefined
          }
          worse={!!(m && b && m.top1 < b.top1)}
        />
        <Metric
          id="Top-5"
          label={t('prune.metrics.top5')}
          value={m ? pct(m.top5) : b ? pct(b.top5) : '—'}
          delta={m && b ? t('prune.metrics.delta', { d: signed(m.top5 - b.top5), vs, ref: pct(b.top5) }) : undefined}
          worse={!!(m && b && m.top5 < b.top5)}
        />
        {agreement ? (
          <Metric
            id="KL"
            label={t('prune.metrics.kl')}
            value={kl(m ?? b)}
            sub={t('prune.metrics.klSub')}
            worse={!!(m && (m.kl ?? 0) > 0)}
          />
        ) : (
          <Metric
            id="Loss"
            label={t('prune.metrics.loss')}
            value={m ? m.loss.toFixed(4) : b ? b.loss.toFixed(4) : '—'}
            delta={
              m && b
                ? t('prune.metrics.lossDelta', { d: signed(m.loss - b.loss, 4), vs, ref: b.loss.toFixed(4) })
                : undefined
            }
            worse={!!(m && b && m.loss > b.loss)}
          />
        )}
        <Metric
          id="Sparsity"
          label={t('prune.metrics.sparsity')}
          value={total ? frac(total.sparsity, 2) : '0.00%'}
          sub={
            total
              ? t('prune.metrics.left', {
                  nnz: int(total.nnz),
                  numel: int(total.numel),
                  x: (total.numel / Math.max(total.nnz, 1)).toFixed(1),
                })
              : undefined
          }
        />
      </div>
      <div className="metrics-foot" aria-live="polite">
        {fit && !fit.fits && !agreement && !evaluating ? (
          <span className="note warn">{t('prune.metrics.noFit', { detail: fit.reason })}</span>
        ) : (
          <>
            <span className={`phase ${current?.phase ?? ''}`} data-testid="figure-phase">
              {current
                ? current.phase === 'quick'
                  ? t('prune.metrics.quick')
                  : t('prune.metrics.full')
                : baseline
                  ? t('prune.metrics.dense')
                  : ''}
            </span>
            <span className="note">{figureNote(current ?? baseline, datasetN, t)}</span>
            {(m ?? b) && (
              <span className="note" data-testid="figure-measure">
                {agreement
                  ? fit && !fit.fits
                    ? t('prune.metrics.byAgreementWhy', { detail: fit.reason })
                    : t('prune.metrics.byAgreement')
                  : t('prune.metrics.byLabels')}
              </span>
            )}
            {evaluating && (
              <span className="progress-wrap">
                <progress
                  aria-label={t('prune.metrics.progress')}
                  max={progress?.total ?? 1}
                  value={progress?.done ?? 0}
                />
                <span className="note">
                  {evaluating === 'baseline' ? t('prune.metrics.evaluatingDense') : t('prune.metrics.evaluating')}
                </span>
                {evaluating === 'plan' && (
                  <button type="button" className="btn btn-small" onClick={cancel}>
                    {t('prune.metrics.cancel')}
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

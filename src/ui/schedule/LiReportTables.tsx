import { useTranslation } from 'react-i18next';
import type { LiPartial } from '../../core/lab/li-job';
import type { LiReport } from '../../core/schedule/li-settings';
import type { RetrainingLoss } from '../../core/schedule/retraining-loss';
import { frac, int, pct } from '../shared/format';

/** The ratios chosen per layer, and the dense → thinned figures (partial ones while the run goes on). */
export function LiReportTables({ partial, report }: { partial: LiPartial; report: LiReport | null }) {
  const { t } = useTranslation();
  const ratios = report?.ratios ?? partial.ratios;
  const thin = partial.thin;
  const filtersOf = (name: string) => {
    if (report?.filters[name]) return report.filters[name];
    const tensor = partial.thinnedModel?.tensors.find((x) => x.name === name);
    const removed = tensor && thin ? (thin.removed[tensor.layerName] ?? 0) : null;
    return tensor && removed !== null ? { before: tensor.shape[tensor.axes.out] + removed, removed } : null;
  };
  const dense = report?.top1.dense ?? partial.denseTop1;
  const lost = (x: number | null) =>
    x === null || dense === null ? '—' : t('li.lost', { pp: (x - dense).toFixed(2) });
  const fineTuned = report?.top1.fineTuned ?? partial.fineTuneEpochs[partial.fineTuneEpochs.length - 1]?.top1 ?? null;
  const removed = (a: number, b: number) => t('li.removed', { pct: frac((a - b) / a) });
  const retraining = report?.retraining ?? partial.retraining;
  return (
    <div className="li-report" data-testid="li-report">
      {ratios && (
        <table className="layers li-table">
          <caption>{t('li.ratiosCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('li.col.layer')}</th>
              <th scope="col">{t('li.col.filters')}</th>
              <th scope="col">{t('li.col.ratio')}</th>
              <th scope="col">{t('li.col.drop')}</th>
            </tr>
          </thead>
          <tbody>
            {ratios.map((r) => {
              const f = filtersOf(r.parameter);
              return (
                <tr key={r.parameter}>
                  <td>{r.parameter}</td>
                  <td className="num">{f ? t('li.filtersOf', { removed: f.removed, before: f.before }) : '—'}</td>
                  <td className="num">{frac(r.ratio, 0)}</td>
                  <td className="num">{r.predictedDrop.toFixed(2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {dense !== null && (
        <table className="layers li-table" data-testid="li-figures">
          <caption>{t('li.figuresCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('li.col.figure')}</th>
              <th scope="col">{t('li.col.dense')}</th>
              <th scope="col">{t('li.col.thinned')}</th>
              <th scope="col">{t('li.col.change')}</th>
            </tr>
          </thead>
          <tbody>
            {thin && (
              <>
                <tr>
                  <th scope="row">{t('li.row.params')}</th>
                  <td className="num">{int(thin.paramsBefore)}</td>
                  <td className="num">{int(thin.paramsAfter)}</td>
                  <td className="num">{removed(thin.paramsBefore, thin.paramsAfter)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('li.row.macs')}</th>
                  <td className="num">{int(thin.macsBefore)}</td>
                  <td className="num">{int(thin.macsAfter)}</td>
                  <td className="num">{removed(thin.macsBefore, thin.macsAfter)}</td>
                </tr>
                <tr>
                  <th scope="row">
                    {t('li.row.latency', {
                      batch: thin.latency.masked.batch,
                      runs: report?.settings.latencyRuns ?? '…',
                    })}
                  </th>
                  <td className="num">{thin.latency.masked.medianMs.toFixed(2)} ms</td>
                  <td className="num">{thin.latency.thinned.medianMs.toFixed(2)} ms</td>
                  <td className="num">
                    {t('li.speedup', { x: (thin.latency.masked.medianMs / thin.latency.thinned.medianMs).toFixed(2) })}
                  </td>
                </tr>
              </>
            )}
            {partial.prunedTop1 !== null && (
              <tr>
                <th scope="row">{t('li.row.top1Pruned')}</th>
                <td className="num">{pct(dense)}</td>
                <td className="num">{pct(partial.prunedTop1)}</td>
                <td className="num">{lost(partial.prunedTop1)}</td>
              </tr>
            )}
            {fineTuned !== null && (
              <tr>
                <th scope="row">{t('li.row.top1FineTuned')}</th>
                <td className="num">{pct(dense)}</td>
                <td className="num" data-testid="li-fine-tuned">
                  {pct(fineTuned)}
                </td>
                <td className="num">{lost(fineTuned)}</td>
              </tr>
            )}
            {thin && (
              <tr>
                <th scope="row">{t('li.row.maxDiff')}</th>
                <td className="num">—</td>
                <td className="num">{thin.maxDiff.toExponential(2)}</td>
                <td className="num">≤ 1e-5</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {retraining && <LiRetrainingLine retraining={retraining} />}
      {report && (
        <>
          <p className="hint">{t('li.evaluatedOn', { n: report.evaluatedOn })}</p>
          <p className="li-verdict" data-testid="li-verdict" data-met={report.goal.met}>
            {t(report.goal.met ? 'li.goalMet' : 'li.goalNotMet', {
              macs: frac(report.goal.macsRemoved, 0),
              pp: report.goal.maxLossPp,
            })}
          </p>
        </>
      )}
    </div>
  );
}

/** Which fine-tuning loss the run uses, on how many training images, and why. */
function LiRetrainingLine({ retraining: r }: { retraining: RetrainingLoss }) {
  const { t } = useTranslation();
  const why = t(r.reason === 'full-set' ? 'li.retrainingWhy.fullSet' : `li.retrainingWhy.${r.reason}`);
  return (
    <p className="hint" data-testid="li-retraining">
      {r.distill
        ? t('li.retrainingDistill', { n: r.trainingImages, ...r.distill, why })
        : t('li.retrainingPlain', { n: r.trainingImages, why })}
    </p>
  );
}

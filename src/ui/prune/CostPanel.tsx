import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrunePlan } from '../../core/plan/plan';
import type { LatencyFigure } from '../../core/lab/types';
import type { InspectJob } from '../../state/types';
import { saveFiles } from '../shared/download';
import { int } from '../shared/format';
import { LabStoreContext, useLab, useLabActions } from '../shared/use-lab';

const bytes = (n: number) =>
  n < 1000 ? `${Math.round(n)} B` : n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(2)} MB`;
const count = (n: number) =>
  n < 1e4
    ? int(Math.round(n))
    : n < 1e6
      ? `${(n / 1e3).toFixed(1)} K`
      : n < 1e9
        ? `${(n / 1e6).toFixed(2)} M`
        : `${(n / 1e9).toFixed(2)} G`;
const msOf = (f: LatencyFigure) => `${f.medianMs < 10 ? f.medianMs.toFixed(2) : f.medianMs.toFixed(1)} ms`;
const ratio = (a: number, b: number) => `${(a / Math.max(b, 1e-9)).toFixed(2)}×`;
const change = (before: number, after: number) =>
  before > 0 ? `${after <= before ? '−' : '+'}${Math.abs((100 * (before - after)) / before).toFixed(1)}%` : '';

const JOB_TEXT = {
  latency: 'prune.cost.jobLatency',
  thin: 'prune.cost.jobThin',
  export: 'prune.cost.jobExport',
} as const satisfies Record<InspectJob, string>;

/** The plan each report was made for, so a report older than the plan says so. */
const madeFor = new WeakMap<object, PrunePlan>();

export function CostPanel() {
  const cost = useLab((s) => s.cost);
  const latency = useLab((s) => s.latency);
  const thin = useLab((s) => s.thin);
  const inspectJob = useLab((s) => s.inspectJob);
  const plan = useLab((s) => s.plan);
  const store = useContext(LabStoreContext);
  const { measureLatency, thinModel, exportPruned } = useLabActions();
  const { t } = useTranslation();

  const stamped = async (run: () => Promise<void>, pick: () => object | null) => {
    const before = store?.getState().plan;
    await run();
    const report = pick();
    if (report && before) madeFor.set(report, before);
  };
  const isStale = (r: object | null) => !!r && madeFor.has(r) && madeFor.get(r) !== plan;

  const download = async () => {
    const files = await exportPruned();
    if (files) await saveFiles(files);
  };

  return (
    <div className="cost">
      <p className="hint cost-intro">{t('prune.cost.intro')}</p>
      {cost ? (
        // a wide table scrolls sideways: keyboard users reach it too
        <div className="table-wrap" tabIndex={0}>
          <table className="layers cost-table">
            <caption className="visually-hidden">{t('prune.cost.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('prune.cost.layer')}</th>
                <th scope="col" className="num">
                  {t('prune.cost.params')}
                </th>
                <th scope="col" className="num">
                  NNZ
                </th>
                <th scope="col" className="num" title={t('prune.cost.macsTitle')}>
                  {t('prune.cost.macs')}
                </th>
                <th scope="col" className="num" title={t('prune.cost.denseTitle')}>
                  {t('prune.cost.dense')}
                </th>
                <th scope="col" className="num" title={t('prune.cost.bitmaskTitle')}>
                  {t('prune.cost.bitmask')}
                </th>
                <th scope="col" className="num" title={t('prune.cost.csrTitle')}>
                  CSR
                </th>
                <th scope="col" className="num" title={t('prune.cost.gzipTitle')}>
                  gzip
                </th>
              </tr>
            </thead>
            <tbody>
              {cost.tensors.map((l) => (
                <tr key={l.name}>
                  <th scope="row" className="mono">
                    {l.name} <span className="muted layer-class">{l.layerClass}</span>
                  </th>
                  <td className="num">{int(l.params)}</td>
                  <td className="num">{int(l.nnz)}</td>
                  <td className="num">
                    {count(l.macsDense)} → {count(l.macsEffective)}
                  </td>
                  <td className="num">{bytes(l.bytes.dense)}</td>
                  <td className="num">{bytes(l.bytes.bitmask)}</td>
                  <td className="num">{bytes(l.bytes.csr)}</td>
                  <td className="num">{bytes(l.bytes.gzip)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="total-row">
                <th scope="row">{t('prune.cost.total')}</th>
                <td className="num">{int(cost.total.params)}</td>
                <td className="num">{int(cost.total.nnz)}</td>
                <td className="num">
                  {count(cost.total.macsDense)} → {count(cost.total.macsEffective)}
                </td>
                <td className="num">{bytes(cost.total.bytes.dense)}</td>
                <td className="num">{bytes(cost.total.bytes.bitmask)}</td>
                <td className="num">{bytes(cost.total.bytes.csr)}</td>
                <td className="num">{bytes(cost.total.bytes.gzip)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : (
        <p className="muted busy-line">{t('prune.cost.computing')}</p>
      )}

      <div className="cost-actions">
        <button
          type="button"
          className="btn"
          disabled={inspectJob !== null}
          onClick={() => void stamped(measureLatency, () => store?.getState().latency ?? null)}
        >
          {t('prune.cost.measure')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={inspectJob !== null}
          onClick={() => void stamped(thinModel, () => store?.getState().thin ?? null)}
        >
          {t('prune.cost.thin')}
        </button>
        <button type="button" className="btn" disabled={inspectJob !== null} onClick={() => void download()}>
          {t('prune.cost.download')}
        </button>
        {inspectJob && (
          <span className="busy-line" role="status">
            <span className="spinner" aria-hidden />
            {t(JOB_TEXT[inspectJob])}
          </span>
        )}
      </div>

      {latency && (
        <section className="cost-result" aria-label={t('prune.cost.latency')}>
          <h3>{t('prune.cost.latency')}</h3>
          {isStale(latency) && <p className="note warn">{t('prune.cost.staleLatency')}</p>}
          <dl className="facts">
            <dt>{t('prune.cost.dense')}</dt>
            <dd>
              {msOf(latency.dense)}{' '}
              <span className="muted">
                {t('prune.cost.median', {
                  batch: latency.dense.batch,
                  min: latency.dense.minMs.toFixed(1),
                  max: latency.dense.maxMs.toFixed(1),
                })}
              </span>
            </dd>
            <dt>{t('prune.cost.prunedMasked')}</dt>
            <dd>
              {msOf(latency.pruned)}{' '}
              <span className="muted">
                {t('prune.cost.ofDense', { x: ratio(latency.pruned.medianMs, latency.dense.medianMs) })}
              </span>
            </dd>
            {latency.thinned && (
              <>
                <dt>{t('prune.cost.thinned')}</dt>
                <dd>
                  {msOf(latency.thinned)}{' '}
                  <span className="muted">
                    {t('prune.cost.ofDense', { x: ratio(latency.thinned.medianMs, latency.dense.medianMs) })}
                  </span>
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      {thin && (
        <section className="cost-result" aria-label={t('prune.cost.thinnedModel')}>
          <h3>{t('prune.cost.thinnedModel')}</h3>
          {isStale(thin) && <p className="note warn">{t('prune.cost.staleThin')}</p>}
          <dl className="facts">
            <dt>{t('prune.cost.removed')}</dt>
            <dd>
              {Object.values(thin.removed).every((n) => n === 0)
                ? t('prune.cost.noneRemoved')
                : Object.entries(thin.removed)
                    .filter(([, n]) => n > 0)
                    .map(([name, n]) => `${name}: ${n}`)
                    .join(' · ')}
            </dd>
            <dt>{t('prune.cost.params')}</dt>
            <dd>
              {int(thin.paramsBefore)} → {int(thin.paramsAfter)}{' '}
              <span className="muted">({change(thin.paramsBefore, thin.paramsAfter)})</span>
            </dd>
            <dt>MACs</dt>
            <dd>
              {count(thin.macsBefore)} → {count(thin.macsAfter)}{' '}
              <span className="muted">({change(thin.macsBefore, thin.macsAfter)})</span>
            </dd>
            <dt>max |masked − thinned|</dt>
            <dd>
              <span className="mono">
                {thin.maxDiff === 0 ? t('prune.cost.identical') : thin.maxDiff.toExponential(2)}
              </span>{' '}
              <span className="muted">{t('prune.cost.on', { what: thin.checkedOn })}</span>
            </dd>
            <dt>{t('prune.cost.latency')}</dt>
            <dd>
              {t('prune.cost.latencyLine', { masked: msOf(thin.latency.masked), thinned: msOf(thin.latency.thinned) })}{' '}
              <span className="muted">
                {t('prune.cost.ofMasked', { x: ratio(thin.latency.thinned.medianMs, thin.latency.masked.medianMs) })}
              </span>
            </dd>
          </dl>
          <button
            type="button"
            className="btn"
            onClick={() => void saveFiles(thin.files)}
            disabled={!thin.files.length}
          >
            {t('prune.cost.downloadThinned')}
          </button>
        </section>
      )}
    </div>
  );
}

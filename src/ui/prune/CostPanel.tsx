import { useContext } from 'react';
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

const JOB_TEXT: Record<InspectJob, string> = {
  latency: 'Measuring latency (median of repeated runs)…',
  thin: 'Removing pruned filters and checking the thinned model against the masked one…',
  export: 'Preparing the pruned model files…',
};

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
      <p className="hint cost-intro">
        Element sparsity saves bytes only in a sparse format and time only with sparse kernels; removing filters
        (thinning) makes the model truly smaller and faster.
      </p>
      {cost ? (
        // a wide table scrolls sideways: keyboard users reach it too
        <div className="table-wrap" tabIndex={0}>
          <table className="layers cost-table">
            <caption className="visually-hidden">Parameters, multiply-accumulates and storage per layer</caption>
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col" className="num">
                  Params
                </th>
                <th scope="col" className="num">
                  NNZ
                </th>
                <th
                  scope="col"
                  className="num"
                  title="multiply-accumulates per example: dense → skipping pruned weights"
                >
                  MACs dense → effective
                </th>
                <th scope="col" className="num" title="float32, every weight">
                  Dense
                </th>
                <th scope="col" className="num" title="a 1-bit mask per weight + the float32 nonzeros">
                  Bitmask
                </th>
                <th
                  scope="col"
                  className="num"
                  title={
                    'compressed sparse rows (one row per output channel): float32 values + int32 indices + ' +
                    'row pointers'
                  }
                >
                  CSR
                </th>
                <th
                  scope="col"
                  className="num"
                  title="the float32 weights, zeros included, gzip-compressed (per tensor)"
                >
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
                <th scope="row">Total</th>
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
        <p className="muted busy-line">Computing the cost of the pruned model…</p>
      )}

      <div className="cost-actions">
        <button
          type="button"
          className="btn"
          disabled={inspectJob !== null}
          onClick={() => void stamped(measureLatency, () => store?.getState().latency ?? null)}
        >
          Measure latency
        </button>
        <button
          type="button"
          className="btn"
          disabled={inspectJob !== null}
          onClick={() => void stamped(thinModel, () => store?.getState().thin ?? null)}
        >
          Thin &amp; verify
        </button>
        <button type="button" className="btn" disabled={inspectJob !== null} onClick={() => void download()}>
          Download pruned model
        </button>
        {inspectJob && (
          <span className="busy-line" role="status">
            <span className="spinner" aria-hidden />
            {JOB_TEXT[inspectJob]}
          </span>
        )}
      </div>

      {latency && (
        <section className="cost-result" aria-label="Latency">
          <h3>Latency</h3>
          {isStale(latency) && (
            <p className="note warn">Measured for an earlier plan; measure again for the current one.</p>
          )}
          <dl className="facts">
            <dt>Dense</dt>
            <dd>
              {msOf(latency.dense)}{' '}
              <span className="muted">
                median, batch {latency.dense.batch}, range {latency.dense.minMs.toFixed(1)}–
                {latency.dense.maxMs.toFixed(1)} ms
              </span>
            </dd>
            <dt>Pruned (masked)</dt>
            <dd>
              {msOf(latency.pruned)}{' '}
              <span className="muted">· {ratio(latency.pruned.medianMs, latency.dense.medianMs)} the dense time</span>
            </dd>
            {latency.thinned && (
              <>
                <dt>Thinned</dt>
                <dd>
                  {msOf(latency.thinned)}{' '}
                  <span className="muted">
                    · {ratio(latency.thinned.medianMs, latency.dense.medianMs)} the dense time
                  </span>
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      {thin && (
        <section className="cost-result" aria-label="Thinned model">
          <h3>Thinned model</h3>
          {isStale(thin) && <p className="note warn">Thinned from an earlier plan; thin again for the current one.</p>}
          <dl className="facts">
            <dt>Filters removed</dt>
            <dd>
              {Object.values(thin.removed).every((n) => n === 0)
                ? 'none: no whole filter is pruned'
                : Object.entries(thin.removed)
                    .filter(([, n]) => n > 0)
                    .map(([name, n]) => `${name}: ${n}`)
                    .join(' · ')}
            </dd>
            <dt>Params</dt>
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
                {thin.maxDiff === 0 ? '0 (identical outputs)' : thin.maxDiff.toExponential(2)}
              </span>{' '}
              <span className="muted">on {thin.checkedOn}</span>
            </dd>
            <dt>Latency</dt>
            <dd>
              masked {msOf(thin.latency.masked)} → thinned {msOf(thin.latency.thinned)}{' '}
              <span className="muted">
                ({ratio(thin.latency.thinned.medianMs, thin.latency.masked.medianMs)} the masked time)
              </span>
            </dd>
          </dl>
          <button
            type="button"
            className="btn"
            onClick={() => void saveFiles(thin.files)}
            disabled={!thin.files.length}
          >
            Download thinned model
          </button>
        </section>
      )}
    </div>
  );
}

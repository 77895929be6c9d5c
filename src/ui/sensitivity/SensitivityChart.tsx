import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { selectDatasetSize } from '../../state/selectors';
import { useMemo, useRef, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SensitivityRun } from '../../state/types';
import { ChartExportButtons } from '../shared/ChartExportButtons';
import { SensitivityTable } from '../shared/chart-tables';
import { int } from '../shared/format';
import {
  curveData,
  metricsOf,
  mostSensitive,
  seriesColor,
  seriesKey,
  tensorsOf,
  toggledIn,
  type SensitivityMetric,
} from './sensitivity-series';
import { useLab } from '../shared/use-lab';

const digits = (m: SensitivityMetric) => (m === 'loss' || m === 'kl' ? 4 : 2);
const isPercent = (m: SensitivityMetric) => m === 'top1' || m === 'top5' || m === 'agreement';

/** Up to this many layers the legend lists every layer (drawn or not); past it, the drawn ones. */
const LEGEND_ALL = 12;
/** "All" draws every curve up to this many layers; more would be a tangle, and slow. */
const MAX_CURVES = 40;

/** At most about ten x ticks, on measured levels, always including the last. */
function xTicks(xs: number[]): number[] {
  const every = Math.ceil(xs.length / 10);
  return xs.filter((_, i) => i % every === 0 || i === xs.length - 1);
}

/** Where the rows come from, in one line under the chart. */
export function runCaption(run: SensitivityRun, datasetN: number | undefined, t: TFunction): string {
  if (run.source === 'import') return t('sensitivity.chart.imported', { name: run.label });
  const n = run.rows[0]?.n;
  const subset = run.request?.subset;
  const images = subset
    ? datasetN
      ? t('sensitivity.chart.subset', { n: int(n ?? subset), total: int(datasetN) })
      : t('sensitivity.chart.subsetUnknown', { n: int(n ?? subset) })
    : n
      ? t('sensitivity.chart.allImages', { n: int(n) })
      : t('sensitivity.chart.allUnknown');
  const measure = run.request?.mode === 'agreement' ? t('sensitivity.chart.labelFree') : '';
  const group = t(`sensitivity.groupWord.${run.request?.group ?? 'element'}`);
  return t('sensitivity.chart.caption', { group, images, measure }).trim();
}

/**
 * Metric vs sparsity, one line per chosen layer (`shown`; the heat map is the overview of all);
 * rows appear as the sweep produces them.
 */
export function SensitivityChart(props: { run: SensitivityRun; shown: string[]; onShow(names: string[]): void }) {
  const { run, shown, onShow } = props;
  const budget = useLab((s) => s.budget);
  const datasetN = useLab(selectDatasetSize);
  const [chosen, setMetric] = useState<SensitivityMetric>('top1');
  const box = useRef<HTMLDivElement>(null);
  const { t: tr } = useTranslation();

  const metrics = useMemo(() => metricsOf(run.rows), [run.rows]);
  const labelFree = metrics.includes('kl');
  const metric = metrics.includes(chosen) ? chosen : 'top1';
  const tensors = useMemo(() => tensorsOf(run.rows), [run.rows]);
  const drawn = useMemo(() => new Set(shown), [shown]);
  const data = useMemo(() => curveData(run.rows, metric), [run.rows, metric]);
  const baseline = metric === 'top1' ? run.baselineTop1 : null;
  const ticks = useMemo(() => xTicks(data.map((d) => d.x)), [data]);
  const labelOf = (m: SensitivityMetric) =>
    labelFree && m === 'top1'
      ? tr('sensitivity.metric.top1Free')
      : labelFree && m === 'top5'
        ? tr('sensitivity.metric.top5Free')
        : tr(`sensitivity.metric.${m}`);
  const title = labelOf(metric);
  // Percentages never go past 100; the baseline and the budget band stay in view; ticks on round steps.
  const percentAxis = useMemo(() => {
    if (!isPercent(metric)) return null;
    const keys = tensors.flatMap((t, i) => (drawn.has(t) ? [seriesKey(i)] : []));
    const values = data.flatMap((d) => keys.filter((k) => d[k] !== undefined).map((k) => d[k]));
    if (baseline !== null) values.push(baseline, baseline - budget);
    if (!values.length) return null;
    const lo = Math.max(0, 5 * Math.floor((Math.min(...values) - 1) / 5));
    const hi = Math.min(100, 5 * Math.ceil((Math.max(...values) + 1) / 5));
    const step = [5, 10, 20, 25].find((st) => (hi - lo) / st <= 7) ?? 50;
    const ticks: number[] = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
    return { domain: [lo, hi] as [number, number], ticks };
  }, [data, metric, baseline, budget, tensors, drawn]);
  const legend = tensors
    .map((t, i) => ({ label: t, color: seriesColor(i), muted: !drawn.has(t) }))
    .filter((l) => tensors.length <= LEGEND_ALL || !l.muted);
  const exportLegend =
    baseline === null
      ? legend.filter((l) => !l.muted)
      : [
          ...legend.filter((l) => !l.muted),
          { label: tr('sensitivity.chart.dense', { pct: baseline.toFixed(2) }), color: 'var(--muted)' },
          {
            label: tr('sensitivity.chart.budget', { pp: budget }),
            color: 'var(--good-soft)',
            shape: 'square' as const,
          },
        ];
  const toggle = (t: string) => onShow(toggledIn(shown, t, tensors));

  return (
    <section className="panel" aria-label={tr('sensitivity.chart.label')}>
      <div className="chart-head">
        <h2>{tr('sensitivity.chart.title', { metric: title })}</h2>
        <div className="chart-tools">
          <label className="field inline">
            <span>{tr('sensitivity.chart.metric')}</span>
            <select
              aria-label={tr('sensitivity.chart.metric')}
              value={metric}
              onChange={(e) => setMetric(e.target.value as SensitivityMetric)}
            >
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {labelOf(m)}
                </option>
              ))}
            </select>
          </label>
          <ChartExportButtons
            target={box}
            chartName={tr('sensitivity.chart.exportName')}
            fileBase={`sensitivity-${metric}`}
            legend={exportLegend}
            title={tr('sensitivity.chart.fileTitle', { metric: title, run: run.label })}
            disabled={!data.length}
          />
        </div>
      </div>
      <div className="chart" ref={box} role="img" aria-label={tr('sensitivity.chart.image', { metric: title })}>
        {data.length === 0 ? (
          <p className="chart-empty">
            {run.status === 'running' ? tr('sensitivity.chart.waiting') : tr('sensitivity.chart.noRows')}
          </p>
        ) : (
          <ResponsiveContainer width="100%" height={340}>
            <LineChart data={data} margin={{ left: 8, right: 24, top: 10, bottom: 20 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis
                type="number"
                dataKey="x"
                domain={[0, 'dataMax']}
                ticks={ticks}
                unit="%"
                tick={{ fill: 'var(--muted)', fontSize: 12 }}
                label={{
                  value: tr('sensitivity.chart.xAxis'),
                  position: 'insideBottom',
                  offset: -12,
                  fill: 'var(--muted)',
                  fontSize: 12,
                }}
              />
              <YAxis
                domain={percentAxis?.domain ?? ['auto', 'auto']}
                ticks={percentAxis?.ticks}
                tick={{ fill: 'var(--muted)', fontSize: 12 }}
                width={56}
                allowDecimals={!isPercent(metric)}
                tickFormatter={(v: number) => (isPercent(metric) ? v.toFixed(0) : v.toFixed(3))}
              />
              <Tooltip
                formatter={(v, name) => [Number(v).toFixed(digits(metric)), name]}
                labelFormatter={(x) => tr('sensitivity.chart.sparsityAt', { pct: Number(x).toFixed(0) })}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
              />
              {baseline !== null && budget > 0 && (
                <ReferenceArea
                  y1={baseline - budget}
                  y2={baseline}
                  fill="var(--good)"
                  fillOpacity={0.1}
                  ifOverflow="extendDomain"
                />
              )}
              {baseline !== null && (
                <ReferenceLine
                  y={baseline}
                  stroke="var(--muted)"
                  strokeDasharray="6 4"
                  ifOverflow="extendDomain"
                  label={{
                    value: tr('sensitivity.chart.dense', { pct: baseline.toFixed(2) }),
                    position: 'insideTopRight',
                    fill: 'var(--muted)',
                    fontSize: 11,
                  }}
                />
              )}
              {tensors.map((t, i) => (
                <Line
                  key={t}
                  type="linear"
                  dataKey={seriesKey(i)}
                  name={t}
                  stroke={seriesColor(i)}
                  strokeWidth={2}
                  dot={{ r: 2.5 }}
                  hide={!drawn.has(t)}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
      <div className="chart-legend" role="group" aria-label={tr('sensitivity.chart.legend')}>
        {legend.map((l) => (
          <button
            key={l.label}
            type="button"
            className={`legend-item ${l.muted ? 'muted' : ''}`}
            aria-pressed={!l.muted}
            onClick={() => toggle(l.label)}
            title={l.muted ? tr('sensitivity.chart.draw') : tr('sensitivity.chart.hide')}
          >
            <span className="legend-line" style={{ background: l.muted ? 'var(--legend-off)' : l.color }} />
            <span className="mono">{l.label}</span>
          </button>
        ))}
        {baseline !== null && (
          <span className="legend-note">{tr('sensitivity.chart.note', { pct: baseline.toFixed(2), pp: budget })}</span>
        )}
      </div>
      {tensors.length > LEGEND_ALL && (
        <div className="curve-picker" role="group" aria-label={tr('sensitivity.chart.drawn')}>
          <span className="muted">
            {tr('sensitivity.chart.drawnCount', { n: shown.length, total: tensors.length })}
          </span>
          <select
            aria-label={tr('sensitivity.chart.add')}
            value=""
            onChange={(e) => e.target.value && toggle(e.target.value)}
          >
            <option value="">{tr('sensitivity.chart.addLayer')}</option>
            {tensors
              .filter((t) => !drawn.has(t))
              .map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
          </select>
          <button type="button" className="btn btn-small" onClick={() => onShow(mostSensitive(run.rows))}>
            {tr('sensitivity.chart.mostSensitive')}
          </button>
          {tensors.length <= MAX_CURVES && (
            <button type="button" className="btn btn-small" onClick={() => onShow(tensors)}>
              {tr('sensitivity.chart.all')}
            </button>
          )}
          <button type="button" className="btn btn-small" onClick={() => onShow([])}>
            {tr('sensitivity.chart.none')}
          </button>
        </div>
      )}
      <SensitivityTable rows={run.rows} />
      <p className="hint">{runCaption(run, datasetN, tr)}</p>
    </section>
  );
}

// The histogram tab: one tensor's dense weights on fixed bins, the kept weights over them, and the
// threshold ±λ; computed in the worker, refreshed with every plan, exportable, with its data table.
import './histogram.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WeightHistogram as Histogram } from '../../core/inspect/weight-histogram';
import { selectTensors } from '../../state/selectors';
import { ChartDataTable } from '../shared/ChartDataTable';
import { ChartExportButtons } from '../shared/ChartExportButtons';
import type { LegendItem } from '../shared/chart-export';
import { frac, int } from '../shared/format';
import { useBoxWidth } from '../shared/use-box-width';
import { useLab, useLabActions } from '../shared/use-lab';
import { HISTOGRAM_COLORS, WeightHistogramChart } from './WeightHistogramChart';
import type { CountScale } from './weight-histogram-scale';

/** The tab's name in the inspect panel's tab list. */
const fmt = (v: number) => v.toPrecision(4);

function LineNote({ h }: { h: Histogram }) {
  const { t } = useTranslation();
  const { line } = h;
  if (line.kind === 'none') return <p className="histogram-note">{t(`histogram.noLine.${line.reason}`)}</p>;
  const text = line.from === 'plan' ? 'histogram.lambdaFromPlan' : 'histogram.lambdaFromMask';
  return <p className="histogram-note lambda-note">{t(text, { lambda: String(Number(fmt(line.lambda))) })}</p>;
}

export function WeightHistogram() {
  const { t } = useTranslation();
  const tensors = useLab(selectTensors);
  const maskTensor = useLab((s) => s.maskTensor);
  const h = useLab((s) => s.histogram);
  const { showHistogram, refreshInspect } = useLabActions();
  const [scale, setScale] = useState<CountScale>('linear');
  const [chartRef, width] = useBoxWidth<HTMLDivElement>();

  // new dense weights clear the view: fetch it again
  useEffect(() => {
    if (!h && tensors.length) void refreshInspect();
  }, [h, tensors, refreshInspect]);

  const selected = maskTensor ?? tensors[0]?.name ?? '';
  const legend: LegendItem[] = [
    { label: t('histogram.legend.dense'), color: HISTOGRAM_COLORS.dense, shape: 'square' },
    ...(h?.kept ? [{ label: t('histogram.legend.kept'), color: HISTOGRAM_COLORS.kept, shape: 'square' as const }] : []),
    ...(h?.line.kind === 'lambda'
      ? [
          { label: t('histogram.legend.pruned'), color: 'rgba(194, 58, 43, 0.2)', shape: 'square' as const },
          { label: t('histogram.legend.lambda'), color: HISTOGRAM_COLORS.pruned, shape: 'line' as const },
        ]
      : []),
  ];

  return (
    <div className="histogram-view">
      <div className="chart-head">
        <label className="field">
          <span>{t('histogram.tensor')}</span>
          <select
            aria-label={t('histogram.tensorLabel')}
            value={selected}
            onChange={(e) => void showHistogram(e.target.value)}
          >
            {tensors.map((x) => (
              <option key={x.name} value={x.name}>
                {x.name} ({x.shape.join('×')})
              </option>
            ))}
          </select>
        </label>
        <div className="chart-tools">
          <div className="scale-toggle" role="group" aria-label={t('histogram.scale')}>
            {(['linear', 'log'] as const).map((s) => (
              <button
                key={s}
                type="button"
                className={`btn btn-small ${scale === s ? 'active' : ''}`}
                aria-pressed={scale === s}
                onClick={() => setScale(s)}
              >
                {t(`histogram.${s}`)}
              </button>
            ))}
          </div>
          <ChartExportButtons
            target={chartRef}
            chartName={t('histogram.chartName')}
            fileBase={`histogram-${selected.replace(/[^\w.-]+/g, '_')}`}
            legend={legend}
            title={t('histogram.title', { name: selected })}
            disabled={!h}
          />
        </div>
      </div>
      {h && (
        <p className="histogram-count">
          {t('histogram.kept', { kept: int(h.keptTotal), total: int(h.total), percent: frac(h.keptTotal / h.total) })}
        </p>
      )}
      {h && <LineNote h={h} />}
      {h && h.nonFinite > 0 && <p className="histogram-note">{t('histogram.nonFinite', { count: h.nonFinite })}</p>}
      <div className={`histogram-box ${h && h.name !== selected ? 'stale' : ''}`} ref={chartRef}>
        {h && width > 0 ? (
          <WeightHistogramChart histogram={h} scale={scale} width={width} />
        ) : (
          <p className="muted busy-line">{t('histogram.loading')}</p>
        )}
      </div>
      {h && (
        <div className="chart-legend" aria-hidden>
          {legend.map((l) => (
            <span key={l.label} className="legend-item">
              <span className={l.shape === 'line' ? 'legend-line' : 'legend-swatch'} style={{ background: l.color }} />
              {l.label}
            </span>
          ))}
        </div>
      )}
      {h && (
        <ChartDataTable
          summary={t('histogram.table.summary', { bins: h.counts.length })}
          caption={t('histogram.table.caption', { name: h.name })}
          columns={[
            { label: t('histogram.table.from'), numeric: true },
            { label: t('histogram.table.to'), numeric: true },
            { label: t('histogram.table.dense'), numeric: true },
            { label: t('histogram.table.kept'), numeric: true },
          ]}
          rows={h.counts.map((c, i) => [fmt(h.edges[i]), fmt(h.edges[i + 1]), c, h.kept ? h.kept[i] : c])}
        />
      )}
    </div>
  );
}

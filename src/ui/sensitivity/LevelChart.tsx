import { useTranslation } from 'react-i18next';
import { useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SensitivityRun } from '../../state/types';
import { ChartExportButtons } from '../shared/ChartExportButtons';
import { LayerValueTable } from '../shared/chart-tables';
import { levelBars, levelsOf, metricsOf, seriesColor, type SensitivityMetric } from './sensitivity-series';

const pctLabel = (s: number) => `${(100 * s).toFixed(0)}%`;

/** One sparsity level across layers: which layer suffers most at, say, 70%. */
export function LevelChart(props: { run: SensitivityRun }) {
  const { run } = props;
  const levels = useMemo(() => levelsOf(run.rows), [run.rows]);
  const metrics = useMemo(() => metricsOf(run.rows), [run.rows]);
  const [chosenLevel, setLevel] = useState<number | null>(null);
  const [chosenMetric, setMetric] = useState<SensitivityMetric>('top1');
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const metric = metrics.includes(chosenMetric) ? chosenMetric : 'top1';
  // Until the user picks one, follow the highest level seen so far.
  const level =
    chosenLevel !== null && levels.includes(chosenLevel) ? chosenLevel : (levels[levels.length - 1] ?? null);
  const bars = useMemo(() => (level === null ? [] : levelBars(run.rows, level, metric)), [run.rows, level, metric]);
  const legend = bars.map((b, i) => ({ label: b.name, color: seriesColor(i), shape: 'square' as const }));
  if (level === null) return null;
  const digits = metric === 'loss' || metric === 'kl' ? 4 : 2;
  const metricLabel = t(`sensitivity.metric.${metric}`);
  const at = { metric: metricLabel, level: pctLabel(level) };

  return (
    <section className="panel" aria-label={t('sensitivity.level.label')}>
      <div className="chart-head">
        <h2>{t('sensitivity.level.title', at)}</h2>
        <div className="chart-tools">
          <label className="field inline">
            <span>{t('sensitivity.level.level')}</span>
            <select
              aria-label={t('sensitivity.level.level')}
              value={String(level)}
              onChange={(e) => setLevel(Number(e.target.value))}
            >
              {levels.map((l) => (
                <option key={l} value={String(l)}>
                  {pctLabel(l)}
                </option>
              ))}
            </select>
          </label>
          <label className="field inline">
            <span>{t('sensitivity.level.metric')}</span>
            <select
              aria-label={t('sensitivity.level.metricName')}
              value={metric}
              onChange={(e) => setMetric(e.target.value as SensitivityMetric)}
            >
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {t(`sensitivity.metric.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <ChartExportButtons
            target={box}
            chartName={t('sensitivity.level.exportName')}
            fileBase={`sensitivity-level-${pctLabel(level).replace('%', '')}`}
            legend={legend}
            title={t('sensitivity.level.fileTitle', { ...at, run: run.label })}
          />
        </div>
      </div>
      <div className="chart" ref={box} role="img" aria-label={t('sensitivity.level.image', at)}>
        <ResponsiveContainer width="100%" height={Math.max(140, 34 * bars.length + 50)}>
          <BarChart data={bars} layout="vertical" margin={{ left: 12, right: 28, top: 6, bottom: 6 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--grid)" />
            <XAxis type="number" domain={[0, 'auto']} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
            <YAxis type="category" dataKey="name" width={140} tick={{ fill: 'var(--text)', fontSize: 12 }} />
            <Tooltip
              formatter={(v) => [
                v === null || v === undefined ? t('sensitivity.level.notReached') : Number(v).toFixed(digits),
                metricLabel,
              ]}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
            />
            <Bar dataKey="value" isAnimationActive={false}>
              {bars.map((b, i) => (
                <Cell key={b.name} fill={seriesColor(i)} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <LayerValueTable
        caption={`${metricLabel} · ${pctLabel(level)}`}
        valueLabel={metricLabel}
        rows={bars.map((b) => [b.name, b.value === null || b.value === undefined ? null : b.value.toFixed(digits)])}
      />
    </section>
  );
}

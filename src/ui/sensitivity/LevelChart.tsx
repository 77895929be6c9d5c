import { useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SensitivityRun } from '../../state/types';
import { ChartExportButtons } from '../shared/ChartExportButtons';
import { LayerValueTable } from '../shared/chart-tables';
import {
  METRIC_LABELS,
  levelBars,
  levelsOf,
  metricsOf,
  seriesColor,
  type SensitivityMetric,
} from './sensitivity-series';

const pctLabel = (s: number) => `${(100 * s).toFixed(0)}%`;

/** One sparsity level across layers: which layer suffers most at, say, 70%. */
export function LevelChart(props: { run: SensitivityRun }) {
  const { run } = props;
  const levels = useMemo(() => levelsOf(run.rows), [run.rows]);
  const metrics = useMemo(() => metricsOf(run.rows), [run.rows]);
  const [chosenLevel, setLevel] = useState<number | null>(null);
  const [chosenMetric, setMetric] = useState<SensitivityMetric>('top1');
  const box = useRef<HTMLDivElement>(null);
  const metric = metrics.includes(chosenMetric) ? chosenMetric : 'top1';
  // Until the user picks one, follow the highest level seen so far.
  const level =
    chosenLevel !== null && levels.includes(chosenLevel) ? chosenLevel : (levels[levels.length - 1] ?? null);
  const bars = useMemo(() => (level === null ? [] : levelBars(run.rows, level, metric)), [run.rows, level, metric]);
  const legend = bars.map((b, i) => ({ label: b.name, color: seriesColor(i), shape: 'square' as const }));
  if (level === null) return null;
  const digits = metric === 'loss' || metric === 'kl' ? 4 : 2;

  return (
    <section className="panel" aria-label="Sensitivity per level">
      <div className="chart-head">
        <h2>
          Per level: {METRIC_LABELS[metric]} at {pctLabel(level)} sparsity
        </h2>
        <div className="chart-tools">
          <label className="field inline">
            <span>Level</span>
            <select aria-label="Level" value={String(level)} onChange={(e) => setLevel(Number(e.target.value))}>
              {levels.map((l) => (
                <option key={l} value={String(l)}>
                  {pctLabel(l)}
                </option>
              ))}
            </select>
          </label>
          <label className="field inline">
            <span>Metric</span>
            <select
              aria-label="Level chart metric"
              value={metric}
              onChange={(e) => setMetric(e.target.value as SensitivityMetric)}
            >
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {METRIC_LABELS[m]}
                </option>
              ))}
            </select>
          </label>
          <ChartExportButtons
            target={box}
            chartName="per-level"
            fileBase={`sensitivity-level-${pctLabel(level).replace('%', '')}`}
            legend={legend}
            title={`${METRIC_LABELS[metric]} at ${pctLabel(level)} sparsity · ${run.label}`}
          />
        </div>
      </div>
      <div
        className="chart"
        ref={box}
        role="img"
        aria-label={`Bar chart of ${METRIC_LABELS[metric]} per layer at ${pctLabel(level)} sparsity`}
      >
        <ResponsiveContainer width="100%" height={Math.max(140, 34 * bars.length + 50)}>
          <BarChart data={bars} layout="vertical" margin={{ left: 12, right: 28, top: 6, bottom: 6 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--grid)" />
            <XAxis type="number" domain={[0, 'auto']} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
            <YAxis type="category" dataKey="name" width={140} tick={{ fill: 'var(--text)', fontSize: 12 }} />
            <Tooltip
              formatter={(v) => [
                v === null || v === undefined ? 'not reached' : Number(v).toFixed(digits),
                METRIC_LABELS[metric],
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
        caption={`${METRIC_LABELS[metric]} · ${pctLabel(level)}`}
        valueLabel={METRIC_LABELS[metric]}
        rows={bars.map((b) => [b.name, b.value === null || b.value === undefined ? null : b.value.toFixed(digits)])}
      />
    </section>
  );
}

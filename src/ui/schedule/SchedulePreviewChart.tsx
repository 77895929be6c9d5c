import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { previewSchedule } from '../../core/schedule/preview';
import { selectTensors } from '../../state/selectors';
import { useLab } from '../shared/use-lab';
import { SchedulePreviewTable } from '../shared/chart-tables';

const SERIES_COLORS = Array.from({ length: 8 }, (_, i) => `var(--series-${i + 1})`);

/** What the schedule will ask of each tensor, epoch by epoch, before anything runs. */
export function SchedulePreviewChart() {
  const schedule = useLab((s) => s.schedule);
  const epochs = useLab((s) => s.scheduleEpochs);
  const tensors = useLab(selectTensors);
  const { t } = useTranslation();

  const preview = useMemo(() => {
    try {
      return { value: previewSchedule(schedule, epochs, { tensors: tensors.map((t) => t.name) }), error: null };
    } catch (e) {
      return { value: null, error: (e as Error).message };
    }
  }, [schedule, epochs, tensors]);

  const { rows, series, pruneEpochs, unknown } = useMemo(() => {
    const p = preview.value;
    if (!p) return { rows: [], series: [], pruneEpochs: [], unknown: [] };
    const series = p.tensors.filter((t) => t.pruneEpochs.length > 0 && t.targets.some((v) => v !== null));
    const rows = Array.from({ length: p.epochs }, (_, e) => {
      const row: Record<string, number | null> = { epoch: e };
      for (const t of series) row[t.name] = t.targets[e] === null ? null : 100 * (t.targets[e] as number);
      return row;
    });
    const pruneEpochs = [...new Set(p.tensors.flatMap((t) => t.pruneEpochs))].sort((a, b) => a - b);
    const unknown = p.tensors
      .filter((t) => t.pruneEpochs.length > 0 && t.targets.some((v) => v === null))
      .map((t) => t.name);
    return { rows, series, pruneEpochs, unknown };
  }, [preview]);

  return (
    <section className="panel" aria-label={t('schedule.preview.label')}>
      <h2>{t('schedule.preview.title')}</h2>
      {preview.error ? (
        <p className="chart-empty field-error">{preview.error}</p>
      ) : rows.length === 0 ? (
        <p className="chart-empty">{t('schedule.preview.empty')}</p>
      ) : (
        <div
          className="chart"
          role="img"
          aria-label={t('schedule.preview.image', { n: rows.length, epochs: pruneEpochs.join(', ') })}
        >
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={rows} margin={{ left: 4, right: 24, top: 8, bottom: 18 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis
                dataKey="epoch"
                type="number"
                domain={[0, Math.max(rows.length - 1, 1)]}
                allowDecimals={false}
                tick={{ fill: 'var(--muted)', fontSize: 12 }}
                label={{
                  value: t('schedule.preview.epoch'),
                  position: 'insideBottom',
                  offset: -10,
                  fill: 'var(--muted)',
                  fontSize: 12,
                }}
              />
              <YAxis domain={[0, 100]} unit="%" width={48} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
              <Tooltip
                formatter={(v) => `${Number(v).toFixed(1)}%`}
                labelFormatter={(e) => t('schedule.preview.epochN', { n: e })}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
              />
              <Legend verticalAlign="top" height={28} />
              {pruneEpochs.map((e) => (
                <ReferenceLine key={e} x={e} stroke="var(--warn)" strokeDasharray="2 3" strokeOpacity={0.6} />
              ))}
              {series.map((t, i) => (
                <Line
                  key={t.name}
                  dataKey={t.name}
                  type="stepAfter"
                  stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
                  strokeWidth={2}
                  dot={{ r: 2 }}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      <SchedulePreviewTable names={series.map((t) => t.name)} rows={rows} />
      <p className="hint">
        {t('schedule.preview.hint')}
        {unknown.length > 0 && t('schedule.preview.unknown', { names: unknown.join(', ') })}
      </p>
    </section>
  );
}

import { isRunActive } from '../../state/selectors';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
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
import { int, pct } from '../shared/format';
import { denseReference, hasRegularization, timelineMeasure, timelineRows, type TimelineRow } from './run-series';
import { useLab } from '../shared/use-lab';

const tooltipStyle = { background: 'var(--panel)', border: '1px solid var(--border)' };
const labelOf = (rows: TimelineRow[], stepName: (step: unknown) => string) => (step: unknown) =>
  rows.find((r) => r.step === Number(step))?.label ?? stepName(step);

/** Live accuracy and sparsity over a run's events; pruning events and the dense model marked. */
export function RunTimeline(props: { kind: 'schedule' | 'han' }) {
  const { t, i18n } = useTranslation();
  const run = useLab((s) => s.run);
  const baselineTop1 = useLab((s) => s.baseline?.metrics.top1 ?? null);
  const timeline = run?.kind === props.kind ? run.timeline : null;
  const language = i18n.language;
  const rows = useMemo(() => (timeline ? timelineRows(timeline, language) : []), [timeline, language]);
  const regularized = hasRegularization(rows);
  // the lab's figure is replaced by the fine-tuned model's once a run ends: only trust it while running
  const live = isRunActive(run);
  const dense = useMemo(
    () => (timeline ? denseReference(timeline, live ? baselineTop1 : null) : null),
    [timeline, live, baselineTop1],
  );
  if (!timeline) return null;
  const agreement = timelineMeasure(timeline) === 'agreement';
  const top1Name = agreement ? t('parallel.timeline.top1Agreement') : t('parallel.timeline.top1');
  const top5Name = agreement ? t('parallel.timeline.top5Agreement') : t('parallel.timeline.top5');

  const pruneSteps = rows.filter((r) => r.kind === 'prune').map((r) => r.step);
  const last = rows[rows.length - 1];
  const minTop1 = Math.min(...rows.map((r) => r.top1), dense ?? 100);
  const accDomain: [number, number] = [Math.max(0, Math.floor((minTop1 - 2) / 5) * 5), 100];
  const xDomain: [number, number] = [0, Math.max(1, last?.step ?? 1)];
  const label = labelOf(rows, (step) => t('schedule.event.step', { step }));

  return (
    <section className="panel" aria-label={t('schedule.timeline.label')}>
      <div className="chart-head">
        <h2>{t('schedule.timeline.label')}</h2>
        {last && (
          <span className="note" data-testid={`${props.kind}-timeline-last`}>
            {t('schedule.timeline.last', {
              n: rows.length,
              event: last.label,
              measure: top1Name,
              top1: pct(last.top1),
              sparsity: last.sparsity.toFixed(1),
            })}
            {agreement && ` · ${t('parallel.timeline.agreementNote')}`}
          </span>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="chart-empty">{t('schedule.timeline.waiting')}</p>
      ) : (
        <div className="chart" role="img" aria-label={t('schedule.timeline.image', { n: rows.length })}>
          <ResponsiveContainer width="100%" height={260}>
            <LineChart data={rows} margin={{ left: 4, right: 8, top: 8, bottom: 18 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis
                dataKey="step"
                type="number"
                domain={xDomain}
                allowDecimals={false}
                tick={{ fill: 'var(--muted)', fontSize: 12 }}
                label={{
                  value: t('schedule.timeline.xAxis'),
                  position: 'insideBottom',
                  offset: -10,
                  fill: 'var(--muted)',
                  fontSize: 12,
                }}
              />
              <YAxis
                yAxisId="acc"
                domain={accDomain}
                unit="%"
                width={48}
                tick={{ fill: 'var(--muted)', fontSize: 12 }}
              />
              <YAxis
                yAxisId="sp"
                orientation="right"
                domain={[0, 100]}
                unit="%"
                width={48}
                tick={{ fill: 'var(--muted)', fontSize: 12 }}
              />
              <Tooltip
                labelFormatter={label}
                formatter={(v) => `${Number(v).toFixed(2)}%`}
                contentStyle={tooltipStyle}
              />
              <Legend verticalAlign="top" height={28} />
              {pruneSteps.map((s) => (
                <ReferenceLine
                  key={s}
                  yAxisId="acc"
                  x={s}
                  stroke="var(--warn)"
                  strokeDasharray="3 3"
                  label={{
                    value: t('schedule.timeline.prune'),
                    position: 'insideTopLeft',
                    fill: 'var(--warn)',
                    fontSize: 10,
                  }}
                />
              ))}
              {dense !== null && (
                <ReferenceLine
                  yAxisId="acc"
                  y={dense}
                  stroke="var(--muted)"
                  strokeDasharray="6 3"
                  label={{
                    value: t('schedule.han.dense', { pct: pct(dense) }),
                    position: 'insideBottomRight',
                    fill: 'var(--muted)',
                    fontSize: 11,
                  }}
                />
              )}
              <Line
                yAxisId="acc"
                dataKey="top1"
                name={top1Name}
                stroke="var(--series-1)"
                strokeWidth={2}
                dot={{ r: 3 }}
                isAnimationActive={false}
              />
              <Line
                yAxisId="acc"
                dataKey="top5"
                name={top5Name}
                stroke="var(--series-3)"
                strokeWidth={1.5}
                dot={{ r: 2 }}
                isAnimationActive={false}
              />
              <Line
                yAxisId="sp"
                dataKey="sparsity"
                name={t('schedule.timeline.totalSparsity')}
                type="stepAfter"
                stroke="var(--series-2)"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      {rows.length > 0 && (
        <details className="timeline-events">
          <summary>{t('schedule.timeline.events', { n: rows.length })}</summary>
          <div className="table-wrap">
            <table className="layers plan-table">
              <thead>
                <tr>
                  <th scope="col">{t('schedule.timeline.step')}</th>
                  <th scope="col">{t('schedule.timeline.event')}</th>
                  <th scope="col" className="num" data-testid="timeline-top1-head">
                    {top1Name}
                  </th>
                  <th scope="col" className="num">
                    {top5Name}
                  </th>
                  <th scope="col" className="num">
                    {t('schedule.timeline.sparsity')}
                  </th>
                  <th scope="col" className="num">
                    {t('schedule.timeline.trainLoss')}
                  </th>
                  <th scope="col" className="num">
                    {t('schedule.timeline.lr')}
                  </th>
                  {regularized && (
                    <th scope="col" className="num">
                      {t('schedule.timeline.regularization')}
                    </th>
                  )}
                  <th scope="col" className="num">
                    {t('schedule.timeline.revived')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.step}>
                    <td className="num">{r.step}</td>
                    <td>{r.label}</td>
                    <td className="num">{pct(r.top1)}</td>
                    <td className="num">{pct(r.top5)}</td>
                    <td className="num">{r.sparsity.toFixed(2)}%</td>
                    <td className="num">{r.trainLoss === null ? '—' : r.trainLoss.toFixed(4)}</td>
                    <td className="num">{r.lr === null ? '—' : r.lr.toPrecision(3)}</td>
                    {regularized && (
                      <td className="num">
                        {r.regularizationLoss === null ? '—' : r.regularizationLoss.toPrecision(4)}
                      </td>
                    )}
                    <td className="num">{r.kind === 'epoch' ? int(r.revived) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}

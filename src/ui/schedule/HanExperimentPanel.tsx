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
import { pct } from '../shared/format';
import { RunControls } from './RunControls';
import { HanRetrainingNote } from '../lesson/HanRetrainingNote';
import { useLab, useLabActions } from '../shared/use-lab';
import { HanTable } from '../shared/chart-tables';

/** Han et al. 2015 on LeNet-300-100: one-shot pruning against prune → retrain → repeat. */
export function HanExperimentPanel() {
  const han = useLab((s) => s.han);
  const isLenet = useLab((s) => s.modelSource?.kind === 'demo' && s.modelSource.id === 'lenet300');
  const { startHanExperiment, selectDemo } = useLabActions();
  const { t } = useTranslation();

  const rows = useMemo(() => {
    if (!han) return [];
    const bySparsity = new Map<number, { sparsity: number; oneShot?: number; iterative?: number }>();
    const put = (sp: number, key: 'oneShot' | 'iterative', top1: number) => {
      const k = Math.round(sp * 1e4) / 100;
      bySparsity.set(k, { ...(bySparsity.get(k) ?? { sparsity: k }), [key]: top1 });
    };
    han.oneShot.forEach((p) => put(p.sparsity, 'oneShot', p.metrics.top1));
    han.iterative.forEach((p) => put(p.sparsity, 'iterative', p.metrics.top1));
    return [...bySparsity.values()].sort((a, b) => a.sparsity - b.sparsity);
  }, [han]);

  const verdict = useMemo(() => {
    if (!han || han.iterative.length === 0) return null;
    const it = han.iterative[han.iterative.length - 1];
    const one =
      han.oneShot.find((p) => Math.abs(p.sparsity - it.sparsity) < 1e-3) ?? han.oneShot[han.oneShot.length - 1];
    const fewer = 1 / Math.max(1 - it.sparsity, 1e-9);
    return t('schedule.han.verdict', {
      top1: pct(it.metrics.top1),
      sparsity: (100 * it.sparsity).toFixed(1),
      x: fewer.toFixed(1),
      loss: han.iterativeLoss.toFixed(2),
      oneTop1: one ? pct(one.metrics.top1) : '—',
      oneLoss: han.oneShotLoss.toFixed(2),
    });
  }, [han, t]);

  return (
    <section className="panel han-panel" aria-label={t('schedule.han.label')}>
      <h2>{t('schedule.han.title')}</h2>
      <p className="hint han-intro">{t('schedule.han.intro')}</p>
      <HanRetrainingNote />
      <RunControls
        kind="han"
        startLabel={t('schedule.han.run')}
        onStart={() => void startHanExperiment()}
        blocker={isLenet ? null : t('schedule.han.lenetOnly')}
      />
      {!isLenet && (
        <p className="hint">
          <button type="button" className="btn btn-small" onClick={() => void selectDemo('lenet300')}>
            {t('schedule.han.switch')}
          </button>
        </p>
      )}
      {han && rows.length > 0 && (
        <div className="han-result">
          <div className="chart" role="img" aria-label={t('schedule.han.chart')}>
            <ResponsiveContainer width="100%" height={260}>
              <LineChart data={rows} margin={{ left: 4, right: 24, top: 8, bottom: 18 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
                <XAxis
                  dataKey="sparsity"
                  type="number"
                  domain={[0, 100]}
                  unit="%"
                  tick={{ fill: 'var(--muted)', fontSize: 12 }}
                  label={{
                    value: t('schedule.han.sparsity'),
                    position: 'insideBottom',
                    offset: -10,
                    fill: 'var(--muted)',
                    fontSize: 12,
                  }}
                />
                <YAxis domain={['auto', 100]} unit="%" width={48} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
                <Tooltip
                  formatter={(v) => `${Number(v).toFixed(2)}%`}
                  labelFormatter={(s) => t('schedule.han.sparsityAt', { pct: Number(s).toFixed(1) })}
                  contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
                />
                <Legend verticalAlign="top" height={28} />
                <ReferenceLine
                  y={han.dense.top1}
                  stroke="var(--muted)"
                  strokeDasharray="6 3"
                  label={{
                    value: t('schedule.han.dense', { pct: pct(han.dense.top1) }),
                    position: 'insideBottomLeft',
                    fill: 'var(--muted)',
                    fontSize: 11,
                  }}
                />
                <Line
                  dataKey="oneShot"
                  name={t('schedule.han.oneShot')}
                  stroke="var(--series-4)"
                  strokeWidth={2}
                  dot={{ r: 3 }}
                  connectNulls
                  isAnimationActive={false}
                />
                <Line
                  dataKey="iterative"
                  name={t('schedule.han.iterative')}
                  stroke="var(--series-1)"
                  strokeWidth={2}
                  dot={{ r: 3 }}
                  connectNulls
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <HanTable rows={rows} />
          {verdict && (
            <p className="han-verdict" data-testid="han-verdict">
              {verdict}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

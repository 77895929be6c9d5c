import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { densityRows, selectSparsity, selectTensors } from '../../state/selectors';
import { ellipsize } from '../shared/format';
import { useLab } from '../shared/use-lab';
import { DensityStrip } from './DensityStrip';
import { DensityTable } from '../shared/chart-tables';

/** Past this many tensors the bars give way to a strip in network order. */
export const COMPACT_FROM = 20;
const LABEL_PX = 130;
/** characters of a 12 px label that fit in LABEL_PX */
const LABEL_CHARS = 19;

/** A layer name on the y axis: shortened in the middle when long, the full name in its tooltip. */
function NameTick(props: { x?: number; y?: number; payload?: { value: string } }) {
  const name = props.payload?.value ?? '';
  return (
    <text x={props.x} y={props.y} dy={4} textAnchor="end" fontSize={12} fill="var(--text)">
      <title>{name}</title>
      {ellipsize(name, LABEL_CHARS)}
    </text>
  );
}

export function DensityChart() {
  const tensors = useLab(selectTensors);
  const sparsity = useLab(selectSparsity);
  const compact = tensors.length > COMPACT_FROM;
  const { t } = useTranslation();
  const rows = useMemo(() => (compact ? [] : densityRows(tensors, sparsity)), [compact, tensors, sparsity]);
  const table = useMemo(() => densityRows(tensors, sparsity), [tensors, sparsity]);
  if (!tensors.length) return null;
  return (
    <section className="panel" aria-label={t('prune.density.title')}>
      <h2>{t('prune.density.title')}</h2>
      {compact ? (
        <DensityStrip />
      ) : (
        <div className="chart" role="img" aria-label={t('prune.density.chart')}>
          <ResponsiveContainer width="100%" height={Math.max(160, 48 * rows.length + 60)}>
            <BarChart data={rows} layout="vertical" margin={{ left: 20, right: 24, top: 8, bottom: 8 }} barGap={2}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--grid)" />
              <XAxis type="number" domain={[0, 100]} unit="%" tick={{ fill: 'var(--muted)', fontSize: 12 }} />
              <YAxis type="category" dataKey="name" width={LABEL_PX} interval={0} tick={<NameTick />} />
              <Tooltip
                formatter={(v) => `${Number(v).toFixed(2)}%`}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
              />
              <Legend />
              <Bar dataKey="dense" name={t('prune.density.dense')} fill="var(--dense)" isAnimationActive={false} />
              <Bar dataKey="pruned" name={t('prune.density.pruned')} fill="var(--accent)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <DensityTable rows={table} />
    </section>
  );
}

// The histogram as an SVG: dense bars, the kept weights over them, the pruned band |w| ≤ λ shaded
// and the ±λ lines. Drawn by hand so the weight axis is continuous and λ sits exactly where it is.
import { useTranslation } from 'react-i18next';
import type { WeightHistogram } from '../../core/inspect/weight-histogram';
import { int } from '../shared/format';
import { countAxis, linear, niceTicks, type CountScale } from './weight-histogram-scale';

const HEIGHT = 260;
const M = { left: 68, right: 16, top: 22, bottom: 40 };

/** Colours of the series, shared with the HTML legend and the exported file's legend. */
export const HISTOGRAM_COLORS = {
  dense: 'var(--dense)',
  kept: 'var(--accent)',
  pruned: 'var(--bad)',
} as const;

export function WeightHistogramChart(props: { histogram: WeightHistogram; scale: CountScale; width: number }) {
  const { t } = useTranslation();
  const { histogram: h, scale } = props;
  const width = Math.max(320, props.width);
  const bins = h.counts.length;
  const lo = h.edges[0];
  const hi = h.edges[bins];
  const x = linear(lo, hi, M.left, width - M.right);
  const bottom = HEIGHT - M.bottom;
  const { y, ticks: yTicks } = countAxis(scale, Math.max(...h.counts), bottom, M.top);
  const { ticks: xTicks, decimals } = niceTicks(lo, hi, Math.max(3, Math.floor((width - M.left) / 90)));
  const lambda = h.line.kind === 'lambda' ? h.line.lambda : null;
  const clampX = (v: number) => Math.min(width - M.right, Math.max(M.left, x(v)));

  const bar = (i: number, count: number, className: string, fill: string) => {
    if (count <= 0) return null;
    const x0 = x(h.edges[i]);
    const w = Math.max(0.5, x(h.edges[i + 1]) - x0 - 0.5);
    const top = y(count);
    return (
      <rect key={`${className}${i}`} className={className} x={x0} y={top} width={w} height={bottom - top} fill={fill} />
    );
  };

  return (
    <svg
      width={width}
      height={HEIGHT}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      className="histogram-svg"
      role="img"
      aria-label={t('histogram.chartLabel', {
        name: h.name,
        bins,
        min: lo.toPrecision(4),
        max: hi.toPrecision(4),
        kept: h.keptTotal,
        total: h.total,
      })}
    >
      {yTicks.map((c) => (
        <g key={`y${c}`}>
          <line x1={M.left} x2={width - M.right} y1={y(c)} y2={y(c)} stroke="var(--grid)" />
          <text x={M.left - 6} y={y(c)} dy={4} textAnchor="end" fontSize={11} fill="var(--muted)">
            {int(c)}
          </text>
        </g>
      ))}
      {lambda !== null && (
        <rect
          className="pruned-band"
          x={clampX(-lambda)}
          y={M.top}
          width={clampX(lambda) - clampX(-lambda)}
          height={bottom - M.top}
          fill={HISTOGRAM_COLORS.pruned}
          fillOpacity={0.12}
        />
      )}
      {h.counts.map((c, i) => bar(i, c, 'dense-bar', HISTOGRAM_COLORS.dense))}
      {h.kept?.map((c, i) => bar(i, c, 'kept-bar', HISTOGRAM_COLORS.kept))}
      {lambda !== null &&
        [-lambda, lambda].map((v) =>
          v < lo || v > hi ? null : (
            <g key={v} className="lambda-line">
              <line
                x1={x(v)}
                x2={x(v)}
                y1={M.top}
                y2={bottom}
                stroke={HISTOGRAM_COLORS.pruned}
                strokeWidth={2}
                strokeDasharray="5 3"
              />
              <text
                x={x(v)}
                y={M.top - 6}
                textAnchor="middle"
                fontSize={12}
                fontWeight={600}
                fill={HISTOGRAM_COLORS.pruned}
              >
                {v < 0 ? '−λ' : '+λ'}
              </text>
            </g>
          ),
        )}
      <line x1={M.left} x2={width - M.right} y1={bottom} y2={bottom} stroke="var(--muted)" />
      {xTicks.map((v) => (
        <g key={`x${v}`}>
          <line x1={x(v)} x2={x(v)} y1={bottom} y2={bottom + 4} stroke="var(--muted)" />
          <text x={x(v)} y={bottom + 16} textAnchor="middle" fontSize={11} fill="var(--muted)">
            {v.toFixed(decimals)}
          </text>
        </g>
      ))}
      <text x={(M.left + width - M.right) / 2} y={HEIGHT - 4} textAnchor="middle" fontSize={12} fill="var(--text)">
        {t('histogram.axisX')}
      </text>
      <text
        transform={`translate(12, ${(M.top + bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
        fontSize={12}
        fill="var(--text)"
      >
        {scale === 'log' ? t('histogram.axisYLog') : t('histogram.axisY')}
      </text>
    </svg>
  );
}

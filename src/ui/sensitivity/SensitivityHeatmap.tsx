import { useTranslation } from 'react-i18next';
import { useMemo, useRef } from 'react';
import type { SensitivityRun } from '../../state/types';
import { ChartExportButtons } from '../shared/ChartExportButtons';
import { HeatmapTable } from '../shared/chart-tables';
import { ellipsize } from '../shared/format';
import { dropColor, heatmapOf, seriesColor, toggledIn } from './sensitivity-series';

const FULL_SCALE = 20;
const CELL_W = 34;
const CELL_H = 22;
/** rows of a heat map of many layers: the whole network at a glance */
const COMPACT_H = 14;
const COMPACT_FROM = 30;
const LABEL_W = 150;
const HEAD_H = 22;
const SCALE_STEPS = [0, 1, 2, 5, 10, 20];

/**
 * Layers × sparsity, each cell coloured by the top-1 drop from the dense model: the overview of every
 * layer. A click on a row draws its curve in the curves chart, or takes it away (`shown`).
 */
export function SensitivityHeatmap(props: { run: SensitivityRun; shown: string[]; onShow(names: string[]): void }) {
  const { run, shown, onShow } = props;
  const box = useRef<HTMLDivElement>(null);
  const { t: tr } = useTranslation();
  const baseline = run.baselineTop1;
  const map = useMemo(() => (baseline === null ? null : heatmapOf(run.rows, baseline)), [run.rows, baseline]);
  if (!map || !map.tensors.length) return null;
  const cellH = map.tensors.length > COMPACT_FROM ? COMPACT_H : CELL_H;
  const drawn = new Set(shown);
  const toggle = (t: string) => onShow(toggledIn(shown, t, map.tensors));
  const width = LABEL_W + CELL_W * map.levels.length + 8;
  const height = HEAD_H + cellH * map.tensors.length + 4;
  const legend = SCALE_STEPS.map((d) => ({
    label: d === FULL_SCALE ? `≥ ${d} pp` : `${d} pp`,
    color: dropColor(d, FULL_SCALE),
    shape: 'square' as const,
  }));

  return (
    <section className="panel" aria-label={tr('sensitivity.heat.label')}>
      <div className="chart-head">
        <h2>{tr('sensitivity.heat.title')}</h2>
        <div className="chart-tools">
          <ChartExportButtons
            target={box}
            chartName={tr('sensitivity.heat.exportName')}
            fileBase="sensitivity-heatmap"
            legend={legend}
            title={tr('sensitivity.heat.fileTitle', { pct: baseline?.toFixed(2), run: run.label })}
          />
        </div>
      </div>
      <div className="heatmap-box" ref={box}>
        <svg
          className="heatmap"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="group"
          aria-label={tr('sensitivity.heat.image', {
            layers: map.tensors.length,
            levels: map.levels.length,
            max: map.maxDrop.toFixed(2),
          })}
        >
          {map.levels.map((s, j) => (
            <text
              key={s}
              x={LABEL_W + CELL_W * j + CELL_W / 2}
              y={HEAD_H - 7}
              textAnchor="middle"
              fontSize={10}
              fill="var(--muted)"
            >
              {(100 * s).toFixed(0)}
            </text>
          ))}
          {map.tensors.map((t, i) => (
            <g
              key={t}
              className={`heat-row ${drawn.has(t) ? 'drawn' : ''}`}
              role="button"
              tabIndex={0}
              aria-pressed={drawn.has(t)}
              aria-label={tr('sensitivity.heat.curveOf', { name: t })}
              onClick={() => toggle(t)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter' && e.key !== ' ') return;
                e.preventDefault();
                toggle(t);
              }}
            >
              {drawn.has(t) && (
                <rect x={0} y={HEAD_H + cellH * i + 2} width={4} height={cellH - 4} fill={seriesColor(i)} />
              )}
              <text
                x={LABEL_W - 8}
                y={HEAD_H + cellH * i + cellH / 2 + 4}
                textAnchor="end"
                fontSize={cellH < CELL_H ? 10 : 11}
                fontWeight={drawn.has(t) ? 600 : 400}
                fill="var(--text)"
                fontFamily="ui-monospace, Menlo, Consolas, monospace"
              >
                <title>
                  {tr(drawn.has(t) ? 'sensitivity.heat.removeCurve' : 'sensitivity.heat.drawCurve', { name: t })}
                </title>
                {ellipsize(t, 22)}
              </text>
              {map.cells[i].map((c, j) =>
                c ? (
                  <rect
                    key={j}
                    x={LABEL_W + CELL_W * j}
                    y={HEAD_H + cellH * i}
                    width={CELL_W - 1}
                    height={cellH - 1}
                    fill={dropColor(c.drop, FULL_SCALE)}
                    stroke="var(--grid)"
                    strokeWidth={0.5}
                  >
                    <title>
                      {tr('sensitivity.heat.cell', {
                        name: t,
                        pct: (100 * c.sparsity).toFixed(0),
                        top1: c.top1.toFixed(2),
                        drop: c.drop.toFixed(2),
                      })}
                    </title>
                  </rect>
                ) : (
                  <rect
                    key={j}
                    x={LABEL_W + CELL_W * j}
                    y={HEAD_H + cellH * i}
                    width={CELL_W - 1}
                    height={cellH - 1}
                    fill="var(--bg)"
                  >
                    <title>{`${t} at ${(100 * map.levels[j]).toFixed(0)}%: not evaluated`}</title>
                  </rect>
                ),
              )}
            </g>
          ))}
        </svg>
      </div>
      <div className="swatches heat-scale" aria-hidden>
        <span className="note">{tr('sensitivity.heat.drop')}</span>
        {legend.map((l) => (
          <span key={l.label} className="heat-step">
            <span className="swatch" style={{ background: l.color }} /> {l.label}
          </span>
        ))}
        <span className="note">{tr('sensitivity.heat.legendNote')}</span>
      </div>
      <HeatmapTable tensors={map.tensors} levels={map.levels} cells={map.cells} />
    </section>
  );
}

import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selectOutline, selectSparsityMap } from '../../state/outline-selectors';
import { selectTensors } from '../../state/selectors';
import { densityColor } from '../shared/density-color';
import { useLab, useLabActions } from '../shared/use-lab';

const HEIGHT = 72;
const MIN_WINDOW = 10;

/**
 * Density per tensor in network order as one strip of bars coloured by density, for models too long
 * for a bar per row: hover names a tensor, the zoom buttons and the pan slider pick a window, a click
 * opens the tensor in the layer table.
 */
export function DensityStrip() {
  const tensors = useLab(selectTensors);
  const sparsity = useLab(selectSparsityMap);
  const outline = useLab(selectOutline);
  const { revealTensor } = useLabActions();
  const { t: tr } = useTranslation();
  const n = tensors.length;
  const [span, setSpan] = useState(n);
  const [from, setFrom] = useState(0);
  const [hover, setHover] = useState<number | null>(null);
  const width = Math.min(span, n);
  const start = Math.max(0, Math.min(from, n - width));

  const densities = useMemo(() => tensors.map((t) => 1 - (sparsity.get(t.name)?.sparsity ?? 0)), [tensors, sparsity]);
  // a tick where a block starts
  const starts = useMemo(() => {
    const set = new Set<number>();
    for (const g of outline.groups) if (g.source !== 'single') set.add(outline.order.get(g.members[0])!);
    return set;
  }, [outline]);

  const zoom = (factor: number) => {
    const center = start + width / 2;
    const next = Math.max(MIN_WINDOW, Math.min(n, Math.round(width * factor)));
    setSpan(next);
    setFrom(Math.max(0, Math.round(center - next / 2)));
  };
  const shown = hover ?? null;
  const t = shown !== null ? tensors[shown] : null;

  return (
    <div className="density-strip">
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        width="100%"
        height={HEIGHT}
        role="img"
        aria-label={tr('prune.strip.label', { from: start + 1, to: start + width, n })}
        onMouseLeave={() => setHover(null)}
      >
        {densities.slice(start, start + width).map((d, k) => (
          <StripBar
            key={start + k}
            index={start + k}
            x={k}
            name={tensors[start + k].name}
            density={d}
            hovered={hover === start + k}
            blockStart={starts.has(start + k)}
            onHover={setHover}
            onOpen={revealTensor}
          />
        ))}
      </svg>
      <div className="strip-foot">
        <span className="strip-hover mono" aria-live="polite" title={t?.name}>
          {t
            ? tr('prune.strip.hover', { name: t.name, pct: (100 * densities[shown!]).toFixed(1) })
            : tr('prune.strip.idle', { n })}
        </span>
        <span className="strip-zoom">
          <button
            type="button"
            className="btn btn-small"
            aria-label={tr('prune.strip.zoomIn')}
            onClick={() => zoom(0.5)}
          >
            +
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={tr('prune.strip.zoomOut')}
            disabled={width >= n}
            onClick={() => zoom(2)}
          >
            −
          </button>
        </span>
      </div>
      {width < n && (
        <input
          type="range"
          className="strip-pan"
          aria-label={tr('prune.strip.pan')}
          min={0}
          max={n - width}
          value={start}
          onChange={(e) => setFrom(Number(e.target.value))}
        />
      )}
    </div>
  );
}

/** One tensor's bar; memoized, so a plan change renders only the bars whose density moved. */
const StripBar = memo(function StripBar(props: {
  index: number;
  x: number;
  name: string;
  density: number;
  hovered: boolean;
  blockStart: boolean;
  onHover(i: number): void;
  onOpen(name: string): void;
}) {
  const { index, x: k, density: d } = props;
  const { t } = useTranslation();
  return (
    <g onMouseEnter={() => props.onHover(index)} onClick={() => props.onOpen(props.name)}>
      <rect x={k} y={0} width={1} height={HEIGHT} fill="transparent" />
      <rect
        x={k + 0.08}
        y={HEIGHT * (1 - d)}
        width={0.84}
        height={Math.max(1, HEIGHT * d)}
        fill={densityColor(d)}
        stroke={props.hovered ? 'var(--text)' : 'none'}
        strokeWidth={0.1}
        data-testid="strip-bar"
      >
        <title>{t('prune.minimap.groupTitle', { name: props.name, pct: (100 * d).toFixed(1) })}</title>
      </rect>
      {props.blockStart && <rect x={k} y={HEIGHT - 4} width={0.12} height={4} fill="var(--muted)" />}
    </g>
  );
});

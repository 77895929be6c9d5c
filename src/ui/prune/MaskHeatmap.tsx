import { useEffect, useMemo, useRef } from 'react';
import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { selectTensors } from '../../state/selectors';
import { int } from '../shared/format';
import { KEPT_HIGH_RGB, KEPT_LOW_RGB, PRUNED_RGB, maskImage, type MaskImage, type Rgb } from './mask-image';
import { useLab, useLabActions } from '../shared/use-lab';
import { MaskTable } from '../shared/chart-tables';
import { useBoxWidth } from '../shared/use-box-width';

const MAX_DISPLAY_HEIGHT = 520;
const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

function describe(img: MaskImage, shape: number[], t: TFunction): { columns: string; rows: string; pixel: string } {
  const conv = shape.length === 4;
  const [fy, fx] = img.pool;
  const pooled = fy * fx > 1;
  const columns = t(conv ? 'prune.mask.filters' : 'prune.mask.neurons', { n: int(img.columns) });
  const rows = t(conv ? 'prune.mask.inChannels' : 'prune.mask.inFeatures', { n: int(img.rows) });
  const sizes = { kh: shape[0], kw: shape[1], fy, fx };
  const pixel =
    img.layout === 'tiles'
      ? t('prune.mask.tiles', sizes)
      : conv
        ? t(pooled ? 'prune.mask.convPooled' : 'prune.mask.convPixel', sizes)
        : t(pooled ? 'prune.mask.densePooled' : 'prune.mask.densePixel', sizes);
  return { columns, rows, pixel };
}

export function MaskHeatmap() {
  const tensors = useLab(selectTensors);
  const maskTensor = useLab((s) => s.maskTensor);
  const view = useLab((s) => s.maskView);
  const { showMask } = useLabActions();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [boxRef, boxWidth] = useBoxWidth<HTMLDivElement>();
  const { t: tr } = useTranslation();

  const image = useMemo(() => {
    if (!view) return null;
    try {
      return maskImage(view.mask, view.magnitude, view.shape);
    } catch {
      return null;
    }
  }, [view]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !image) return;
    canvas.width = image.width;
    canvas.height = image.height;
    canvas
      .getContext('2d')
      ?.putImageData(new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
  }, [image]);

  const selected = maskTensor ?? tensors[0]?.name ?? '';
  const shape = view?.shape ?? [];
  // Whole-number scaling keeps every weight the same size on screen; fractional only when shrinking.
  let scale = image && boxWidth ? Math.min(boxWidth / image.width, MAX_DISPLAY_HEIGHT / image.height) : 1;
  if (scale >= 1) scale = Math.max(1, Math.floor(scale));
  const legend = image ? describe(image, shape, tr) : null;
  const stale = view && view.name !== selected;

  return (
    <div className="mask-view">
      <div className="mask-head">
        <label className="field">
          <span>{tr('prune.mask.tensor')}</span>
          <select
            aria-label={tr('prune.mask.tensorName')}
            value={selected}
            onChange={(e) => void showMask(e.target.value)}
          >
            {tensors.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} ({t.shape.join('×')})
              </option>
            ))}
          </select>
        </label>
        {image && (
          <p className="mask-count">
            <Trans
              i18nKey="prune.mask.kept"
              values={{
                kept: int(image.kept),
                total: int(image.total),
                pct: ((100 * image.kept) / Math.max(1, image.total)).toFixed(1),
              }}
              components={[<strong key="kept" />]}
            />
          </p>
        )}
      </div>
      <div className="mask-box" ref={boxRef}>
        {image && view ? (
          <canvas
            ref={canvasRef}
            className={`mask-canvas ${stale ? 'stale' : ''}`}
            role="img"
            aria-label={tr('prune.mask.image', {
              name: view.name,
              columns: legend!.columns,
              rows: legend!.rows,
              kept: int(image.kept),
              total: int(image.total),
            })}
            style={{ width: `${Math.round(image.width * scale)}px`, height: `${Math.round(image.height * scale)}px` }}
          />
        ) : (
          <p className="muted busy-line">{view ? tr('prune.mask.cannotDraw') : tr('prune.mask.loading')}</p>
        )}
      </div>
      {legend && (
        <div className="mask-legend">
          <p>
            <strong>{tr('prune.mask.columns')}</strong> {legend.columns}. <strong>{tr('prune.mask.rows')}</strong>{' '}
            {legend.rows}. {legend.pixel}.
          </p>
          <div className="swatches" aria-hidden>
            <span
              className="swatch-ramp"
              style={{ background: `linear-gradient(to right, ${css(KEPT_LOW_RGB)}, ${css(KEPT_HIGH_RGB)})` }}
            />
            <span>{tr('prune.mask.keptRamp')}</span>
            <span className="swatch" style={{ background: css(PRUNED_RGB) }} />
            <span>{tr('prune.mask.pruned')}</span>
          </div>
        </div>
      )}
      {view && !stale && <MaskTable name={view.name} mask={view.mask} shape={view.shape} />}
    </div>
  );
}

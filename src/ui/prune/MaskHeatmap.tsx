import { useEffect, useMemo, useRef } from 'react';
import { selectTensors } from '../../state/selectors';
import { int } from '../shared/format';
import { KEPT_HIGH_RGB, KEPT_LOW_RGB, PRUNED_RGB, maskImage, type MaskImage, type Rgb } from './mask-image';
import { useLab, useLabActions } from '../shared/use-lab';
import { MaskTable } from '../shared/chart-tables';
import { useBoxWidth } from '../shared/use-box-width';

const MAX_DISPLAY_HEIGHT = 520;
const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

function describe(img: MaskImage, shape: number[]): { columns: string; rows: string; pixel: string } {
  const conv = shape.length === 4;
  const [fy, fx] = img.pool;
  const columns = conv ? `${int(img.columns)} filters (output channels)` : `${int(img.columns)} output neurons`;
  const rows = conv ? `${int(img.rows)} input channels` : `${int(img.rows)} input features`;
  let pixel: string;
  if (img.layout === 'tiles')
    pixel =
      `each tile is one ${shape[0]}×${shape[1]} kernel, one pixel per weight; an empty column is a pruned ` +
      `filter, an empty row a pruned input channel`;
  else if (conv)
    pixel =
      `each pixel is one ${shape[0]}×${shape[1]} ` +
      `kernel${fy * fx > 1 ? ` (max over ${fy}×${fx} kernels)` : ''}, kept if any of its weights is`;
  else
    pixel =
      fy * fx > 1
        ? `each pixel is a ${fy}×${fx} block of weights, kept if any of them is (shaded by the largest kept |w|)`
        : 'one pixel per weight';
  return { columns, rows, pixel };
}

export function MaskHeatmap() {
  const tensors = useLab(selectTensors);
  const maskTensor = useLab((s) => s.maskTensor);
  const view = useLab((s) => s.maskView);
  const { showMask } = useLabActions();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [boxRef, boxWidth] = useBoxWidth<HTMLDivElement>();

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
  const legend = image ? describe(image, shape) : null;
  const stale = view && view.name !== selected;

  return (
    <div className="mask-view">
      <div className="mask-head">
        <label className="field">
          <span>Tensor</span>
          <select aria-label="Tensor to show" value={selected} onChange={(e) => void showMask(e.target.value)}>
            {tensors.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} ({t.shape.join('×')})
              </option>
            ))}
          </select>
        </label>
        {image && (
          <p className="mask-count">
            <strong>{int(image.kept)}</strong> of {int(image.total)} weights kept (
            {((100 * image.kept) / Math.max(1, image.total)).toFixed(1)}%)
          </p>
        )}
      </div>
      <div className="mask-box" ref={boxRef}>
        {image && view ? (
          <canvas
            ref={canvasRef}
            className={`mask-canvas ${stale ? 'stale' : ''}`}
            role="img"
            aria-label={
              `Mask of ${view.name}: ${legend!.columns} as columns, ${legend!.rows} as rows; ` +
              `${int(image.kept)} of ${int(image.total)} weights kept`
            }
            style={{ width: `${Math.round(image.width * scale)}px`, height: `${Math.round(image.height * scale)}px` }}
          />
        ) : (
          <p className="muted busy-line">{view ? 'This tensor cannot be drawn.' : 'Loading the mask…'}</p>
        )}
      </div>
      {legend && (
        <div className="mask-legend">
          <p>
            <strong>Columns:</strong> {legend.columns}. <strong>Rows:</strong> {legend.rows}.{' '}
            {legend.pixel[0].toUpperCase() + legend.pixel.slice(1)}.
          </p>
          <div className="swatches" aria-hidden>
            <span
              className="swatch-ramp"
              style={{ background: `linear-gradient(to right, ${css(KEPT_LOW_RGB)}, ${css(KEPT_HIGH_RGB)})` }}
            />
            <span>kept, small → large |w|</span>
            <span className="swatch" style={{ background: css(PRUNED_RGB) }} />
            <span>pruned</span>
          </div>
        </div>
      )}
      {view && !stale && <MaskTable name={view.name} mask={view.mask} shape={view.shape} />}
    </div>
  );
}

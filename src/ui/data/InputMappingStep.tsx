import './data.css';
import { useState } from 'react';
import {
  DEFAULT_MAPPING,
  parseNumberList,
  type InputMapping,
  type MappingLayout,
  type MappingScaling,
} from '../../core/data/input-mapping';
import { useLab, useLabActions } from '../shared/use-lab';

const LAYOUTS: { value: MappingLayout; label: string }[] = [
  { value: 'nhwc', label: 'NHWC (TF.js)' },
  { value: 'nchw', label: 'NCHW (PyTorch, ONNX)' },
  { value: 'hw', label: 'H×W (one plane)' },
  { value: 'flat', label: 'flat vector' },
];

const SCALINGS: { value: string; label: string }[] = [
  { value: 'unit', label: 'x / 255 → [0, 1]' },
  { value: 'symmetric', label: '[−1, 1]' },
  { value: 'imagenet', label: 'ImageNet mean/std' },
  { value: 'custom', label: 'custom mean/std per channel' },
  { value: 'none', label: 'none (float data as stored)' },
];

const numberOrNull = (s: string) => (s.trim() === '' ? null : Math.max(1, Math.round(Number(s)) || 1));

/** The input-mapping step: open when the data does not fit the model as it is, editable at any time. */
export function InputMappingStep() {
  const model = useLab((s) => s.model);
  const dataset = useLab((s) => s.dataset);
  const chosen = useLab((s) => s.mapping);
  const { setMapping } = useLabActions();
  const start = chosen ?? model?.mapping ?? DEFAULT_MAPPING;
  const [resize, setResize] = useState(start.resize?.toString() ?? '');
  const [crop, setCrop] = useState(start.crop?.toString() ?? '');
  const [layout, setLayout] = useState<MappingLayout>(start.layout);
  const [channels, setChannels] = useState(start.channels?.toString() ?? '');
  const [scaling, setScaling] = useState(start.scaling.kind === 'standard' ? 'custom' : start.scaling.kind);
  const [mean, setMean] = useState(start.scaling.kind === 'custom' ? start.scaling.mean.join(', ') : '0.5, 0.5, 0.5');
  const [std, setStd] = useState(start.scaling.kind === 'custom' ? start.scaling.std.join(', ') : '0.5, 0.5, 0.5');
  const [labelMap, setLabelMap] = useState(start.labelMap?.join(', ') ?? '');
  if (!model || !dataset) return null;
  const fits = model.dataFit.fits;
  const meanList = parseNumberList(mean);
  const stdList = parseNumberList(std);
  const labelList = labelMap.trim() === '' ? null : parseNumberList(labelMap);
  const invalid =
    scaling === 'custom' && (!meanList || !stdList)
      ? 'mean and std take numbers separated by commas'
      : labelMap.trim() !== '' && !labelList
        ? 'the label map takes model output indices separated by commas'
        : null;
  const build = (): InputMapping => ({
    resize: numberOrNull(resize),
    crop: numberOrNull(crop),
    layout,
    channels: channels === '' ? null : Number(channels),
    scaling: (scaling === 'custom'
      ? { kind: 'custom', mean: meanList!, std: stdList! }
      : { kind: scaling }) as MappingScaling,
    labelMap: labelList,
  });
  return (
    <details className="mapping-step" open={!fits} aria-label="Input mapping">
      <summary>
        Input mapping{' '}
        <span className="card-desc">
          {chosen ? '(yours)' : model.mapping ? `(automatic: layout ${model.mapping.layout})` : '(the data as it is)'}
          {!fits && ` — ${model.dataFit.reason}`}
        </span>
      </summary>
      <div className="mapping-grid">
        <label className="field">
          <span>Resize short side to</span>
          <input
            aria-label="Resize"
            inputMode="numeric"
            value={resize}
            placeholder="no"
            onChange={(e) => setResize(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Centre crop</span>
          <input
            aria-label="Crop"
            inputMode="numeric"
            value={crop}
            placeholder="no"
            onChange={(e) => setCrop(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Layout</span>
          <select aria-label="Layout" value={layout} onChange={(e) => setLayout(e.target.value as MappingLayout)}>
            {LAYOUTS.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Channels</span>
          <select aria-label="Channels" value={channels} onChange={(e) => setChannels(e.target.value)}>
            <option value="">as the model takes them</option>
            <option value="1">1 (RGB → gray)</option>
            <option value="3">3 (gray → RGB)</option>
          </select>
        </label>
        <label className="field">
          <span>Scaling</span>
          <select
            aria-label="Mapping scaling"
            value={scaling}
            onChange={(e) => setScaling(e.target.value as typeof scaling)}
          >
            {SCALINGS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        {scaling === 'custom' && (
          <>
            <label className="field">
              <span>Mean (per channel, on x/255)</span>
              <input aria-label="Mean" value={mean} onChange={(e) => setMean(e.target.value)} />
            </label>
            <label className="field">
              <span>Std</span>
              <input aria-label="Std" value={std} onChange={(e) => setStd(e.target.value)} />
            </label>
          </>
        )}
        <label className="field grow">
          <span>
            Label map: model output for each class
            {dataset.classNames
              ? ` (${dataset.classNames.slice(0, 10).join(', ')}${dataset.classNames.length > 10 ? '…' : ''})`
              : ''}
          </span>
          <input
            aria-label="Label map"
            value={labelMap}
            placeholder="same index"
            onChange={(e) => setLabelMap(e.target.value)}
          />
        </label>
      </div>
      {invalid && <p className="field-error">{invalid}</p>}
      <div className="mapping-actions">
        <button type="button" className="btn" disabled={invalid !== null} onClick={() => void setMapping(build())}>
          Apply mapping
        </button>
        <button type="button" className="btn" disabled={chosen === null} onClick={() => void setMapping(null)}>
          Reset
        </button>
      </div>
    </details>
  );
}

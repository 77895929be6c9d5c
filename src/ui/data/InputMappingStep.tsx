import './data.css';
import { useEffect, useState } from 'react';
import {
  parseNumberList,
  type InputMapping,
  type MappingLayout,
  type MappingScaling,
} from '../../core/data/input-mapping';
import { mappingDefaults, modelGeometry } from '../../core/data/mapping-defaults';
import type { DatasetInfo, ModelInfo } from '../../core/lab/types';
import { useLab, useLabActions } from '../shared/use-lab';
import { SelectField, TextField } from './MappingFields';
import { SampleGrid } from './SampleGrid';

const LAYOUTS: { value: MappingLayout; label: string }[] = [
  { value: 'nhwc', label: 'NHWC (TF.js)' },
  { value: 'nchw', label: 'NCHW (PyTorch, ONNX)' },
  { value: 'hw', label: 'H×W (one plane)' },
  { value: 'flat', label: 'flat vector' },
];

type ScalingKind = Exclude<MappingScaling['kind'], 'standard'>;
const SCALINGS: { value: ScalingKind; label: string }[] = [
  { value: 'unit', label: 'x / 255 → [0, 1]' },
  { value: 'symmetric', label: '[−1, 1]' },
  { value: 'imagenet', label: 'ImageNet mean/std' },
  { value: 'custom', label: 'custom mean/std per channel' },
  { value: 'none', label: 'none (float data as stored)' },
];

const CHANNELS = [
  { value: '', label: 'as the model takes them' },
  { value: '1', label: '1 (RGB → gray)' },
  { value: '3', label: '3 (gray → RGB)' },
] as const;

const numberOrNull = (s: string) => (s.trim() === '' ? null : Math.max(1, Math.round(Number(s)) || 1));

/** The input-mapping step: open when the data does not fit the model as it is, editable at any time. */
export function InputMappingStep() {
  const model = useLab((s) => s.model);
  const dataset = useLab((s) => s.dataset);
  const chosen = useLab((s) => s.mapping);
  if (!model || !dataset) return null;
  // a new model or dataset starts the form again from its defaults
  return (
    <MappingForm key={`${model.name}|${dataset.name}|${dataset.n}`} model={model} dataset={dataset} chosen={chosen} />
  );
}

function MappingForm({
  model,
  dataset,
  chosen,
}: {
  model: ModelInfo;
  dataset: DatasetInfo;
  chosen: InputMapping | null;
}) {
  const { setMapping, loadSamples } = useLabActions();
  const samples = useLab((s) => s.samples);
  const shape = model.inputShape ?? [];
  // the model engine gives the layout (NCHW for PyTorch/ONNX) and the input size the form starts from
  const start = chosen ?? model.mapping ?? mappingDefaults(shape, dataset);
  const geometry = modelGeometry(shape, dataset);
  const [resize, setResize] = useState(start.resize?.toString() ?? '');
  const [crop, setCrop] = useState(start.crop?.toString() ?? '');
  const [layout, setLayout] = useState<MappingLayout>(start.layout);
  const [channels, setChannels] = useState<(typeof CHANNELS)[number]['value']>(
    start.channels === 1 ? '1' : start.channels === 3 ? '3' : '',
  );
  const [scaling, setScaling] = useState<ScalingKind>(
    start.scaling.kind === 'standard' ? 'custom' : start.scaling.kind,
  );
  const [mean, setMean] = useState(start.scaling.kind === 'custom' ? start.scaling.mean.join(', ') : '0.5, 0.5, 0.5');
  const [std, setStd] = useState(start.scaling.kind === 'custom' ? start.scaling.std.join(', ') : '0.5, 0.5, 0.5');
  const [labelMap, setLabelMap] = useState(start.labelMap?.join(', ') ?? '');
  const fits = model.dataFit.fits;
  const inForce = JSON.stringify(model.mapping ?? null);
  useEffect(() => {
    void loadSamples();
  }, [loadSamples, inForce, fits]);
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
  const classes = dataset.classNames
    ? ` (${dataset.classNames.slice(0, 10).join(', ')}${dataset.classNames.length > 10 ? '…' : ''})`
    : '';
  return (
    <details className="mapping-step" open={!fits} aria-label="Input mapping">
      <summary>
        Input mapping{' '}
        <span className="card-desc">
          {chosen ? '(yours)' : model.mapping ? `(automatic: layout ${model.mapping.layout})` : '(the data as it is)'}
          {!fits && ` — ${model.dataFit.reason}`}
        </span>
      </summary>
      {geometry && (
        <p className="card-desc" data-testid="model-input">
          The model takes {geometry.height}×{geometry.width}×{geometry.channels} inputs (layout {start.layout}); the
          data is {dataset.rows}×{dataset.cols}×{dataset.channels ?? 1}.
        </p>
      )}
      <div className="mapping-grid">
        <TextField
          label="Resize short side to"
          name="Resize"
          numeric
          value={resize}
          placeholder="no"
          onChange={setResize}
        />
        <TextField label="Centre crop" name="Crop" numeric value={crop} placeholder="no" onChange={setCrop} />
        <SelectField label="Layout" name="Layout" value={layout} options={LAYOUTS} onChange={setLayout} />
        <SelectField label="Channels" name="Channels" value={channels} options={CHANNELS} onChange={setChannels} />
        <SelectField label="Scaling" name="Mapping scaling" value={scaling} options={SCALINGS} onChange={setScaling} />
        {scaling === 'custom' && (
          <>
            <TextField label="Mean (per channel, on x/255)" name="Mean" value={mean} onChange={setMean} />
            <TextField label="Std" name="Std" value={std} onChange={setStd} />
          </>
        )}
        <TextField
          label={`Label map: model output for each class${classes}`}
          name="Label map"
          grow
          value={labelMap}
          placeholder="same index"
          onChange={setLabelMap}
        />
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
      {samples && samples.length > 0 && dataset.rows > 1 && (
        <SampleGrid samples={samples} classNames={dataset.classNames} labelMap={model.mapping?.labelMap ?? null} />
      )}
    </details>
  );
}

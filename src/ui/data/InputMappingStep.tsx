import './data.css';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
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

const layouts = (t: TFunction): { value: MappingLayout; label: string }[] => [
  { value: 'nhwc', label: 'NHWC (TF.js)' },
  { value: 'nchw', label: 'NCHW (PyTorch, ONNX)' },
  { value: 'hw', label: t('data.mapping.layoutHw') },
  { value: 'flat', label: t('data.mapping.layoutFlat') },
];

type ScalingKind = Exclude<MappingScaling['kind'], 'standard'>;
const scalings = (t: TFunction): { value: ScalingKind; label: string }[] => [
  { value: 'unit', label: t('data.mapping.scaleUnit') },
  { value: 'symmetric', label: '[−1, 1]' },
  { value: 'imagenet', label: t('data.mapping.scaleImagenet') },
  { value: 'custom', label: t('data.mapping.scaleCustom') },
  { value: 'none', label: t('data.mapping.scaleNone') },
];

type ChannelsChoice = '' | '1' | '3';
const channelChoices = (t: TFunction): { value: ChannelsChoice; label: string }[] => [
  { value: '', label: t('data.mapping.channelsModel') },
  { value: '1', label: t('data.mapping.channelsGray') },
  { value: '3', label: t('data.mapping.channelsRgb') },
];

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
  const { t } = useTranslation();
  const samples = useLab((s) => s.samples);
  const shape = model.inputShape ?? [];
  // the model engine gives the layout (NCHW for PyTorch/ONNX) and the input size the form starts from
  const start = chosen ?? model.mapping ?? mappingDefaults(shape, dataset);
  const geometry = modelGeometry(shape, dataset);
  const [resize, setResize] = useState(start.resize?.toString() ?? '');
  const [crop, setCrop] = useState(start.crop?.toString() ?? '');
  const [layout, setLayout] = useState<MappingLayout>(start.layout);
  const [channels, setChannels] = useState<ChannelsChoice>(
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
      ? t('data.mapping.badMeanStd')
      : labelMap.trim() !== '' && !labelList
        ? t('data.mapping.badLabelMap')
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
    <details className="mapping-step" open={!fits} aria-label={t('data.mapping.title')}>
      <summary>
        {t('data.mapping.title')}{' '}
        <span className="card-desc">
          {chosen
            ? t('data.mapping.yours')
            : model.mapping
              ? t('data.mapping.automatic', { layout: model.mapping.layout })
              : t('data.mapping.asIs')}
          {!fits && ` — ${model.dataFit.reason}`}
        </span>
      </summary>
      {geometry && (
        <p className="card-desc" data-testid="model-input">
          {t('data.mapping.geometry', {
            height: geometry.height,
            width: geometry.width,
            channels: geometry.channels,
            layout: start.layout,
            rows: dataset.rows,
            cols: dataset.cols,
            dataChannels: dataset.channels ?? 1,
          })}
        </p>
      )}
      <div className="mapping-grid">
        <TextField
          label={t('data.mapping.resize')}
          name={t('data.mapping.resizeName')}
          numeric
          value={resize}
          placeholder={t('data.mapping.no')}
          onChange={setResize}
        />
        <TextField
          label={t('data.mapping.crop')}
          name={t('data.mapping.cropName')}
          numeric
          value={crop}
          placeholder={t('data.mapping.no')}
          onChange={setCrop}
        />
        <SelectField
          label={t('data.mapping.layout')}
          name={t('data.mapping.layout')}
          value={layout}
          options={layouts(t)}
          onChange={setLayout}
        />
        <SelectField
          label={t('data.mapping.channels')}
          name={t('data.mapping.channels')}
          value={channels}
          options={channelChoices(t)}
          onChange={setChannels}
        />
        <SelectField
          label={t('data.mapping.scaling')}
          name={t('data.mapping.scalingName')}
          value={scaling}
          options={scalings(t)}
          onChange={setScaling}
        />
        {scaling === 'custom' && (
          <>
            <TextField
              label={t('data.mapping.mean')}
              name={t('data.mapping.meanName')}
              value={mean}
              onChange={setMean}
            />
            <TextField label={t('data.mapping.std')} name={t('data.mapping.std')} value={std} onChange={setStd} />
          </>
        )}
        <TextField
          label={t('data.mapping.labelMap', { classes })}
          name={t('data.mapping.labelMapName')}
          grow
          value={labelMap}
          placeholder={t('data.mapping.sameIndex')}
          onChange={setLabelMap}
        />
      </div>
      {invalid && <p className="field-error">{invalid}</p>}
      <div className="mapping-actions">
        <button type="button" className="btn" disabled={invalid !== null} onClick={() => void setMapping(build())}>
          {t('data.mapping.apply')}
        </button>
        <button type="button" className="btn" disabled={chosen === null} onClick={() => void setMapping(null)}>
          {t('data.mapping.reset')}
        </button>
      </div>
      {samples && samples.length > 0 && dataset.rows > 1 && (
        <SampleGrid samples={samples} classNames={dataset.classNames} labelMap={model.mapping?.labelMap ?? null} />
      )}
    </details>
  );
}

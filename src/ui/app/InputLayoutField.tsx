import { DEFAULT_MAPPING, type MappingLayout } from '../../core/data/input-mapping';
import { useLab, useLabActions } from '../shared/use-lab';

const LAYOUT_OF: Record<'NCHW' | 'NHWC', MappingLayout> = { NCHW: 'nchw', NHWC: 'nhwc' };

/** The model's detected image layout, and an override that feeds the data in the other one. */
export function InputLayoutField() {
  const model = useLab((s) => s.model);
  const chosen = useLab((s) => s.mapping);
  const { setMapping } = useLabActions();
  if (!model?.inputLayout) return null;
  const detected = model.inputLayout;
  const current = chosen?.layout === 'nchw' ? 'NCHW' : chosen?.layout === 'nhwc' ? 'NHWC' : '';
  return (
    <label className="field">
      <span>
        Model input layout: <strong data-testid="input-layout">{detected}</strong> (detected)
      </span>
      <select
        aria-label="Input layout"
        value={current}
        onChange={(e) => {
          const v = e.target.value as '' | 'NCHW' | 'NHWC';
          void setMapping(v === '' ? null : { ...(chosen ?? DEFAULT_MAPPING), layout: LAYOUT_OF[v] });
        }}
      >
        <option value="">as detected ({detected})</option>
        <option value="NCHW">NCHW (channels first: PyTorch, ONNX)</option>
        <option value="NHWC">NHWC (channels last: TF.js, Keras)</option>
      </select>
    </label>
  );
}

import { useTranslation } from 'react-i18next';
import { DEFAULT_MAPPING, type MappingLayout } from '../../core/data/input-mapping';
import { useLab, useLabActions } from '../shared/use-lab';

const LAYOUT_OF: Record<'NCHW' | 'NHWC', MappingLayout> = { NCHW: 'nchw', NHWC: 'nhwc' };

/** The model's detected image layout, and an override that feeds the data in the other one. */
export function InputLayoutField() {
  const model = useLab((s) => s.model);
  const chosen = useLab((s) => s.mapping);
  const { setMapping } = useLabActions();
  const { t } = useTranslation();
  if (!model?.inputLayout) return null;
  const detected = model.inputLayout;
  const current = chosen?.layout === 'nchw' ? 'NCHW' : chosen?.layout === 'nhwc' ? 'NHWC' : '';
  return (
    <label className="field">
      <span>
        {t('data.layout.modelInput')} <strong data-testid="input-layout">{detected}</strong> {t('data.layout.detected')}
      </span>
      <select
        aria-label={t('data.layout.field')}
        value={current}
        onChange={(e) => {
          const v = e.target.value as '' | 'NCHW' | 'NHWC';
          void setMapping(v === '' ? null : { ...(chosen ?? DEFAULT_MAPPING), layout: LAYOUT_OF[v] });
        }}
      >
        <option value="">{t('data.layout.asDetected', { layout: detected })}</option>
        <option value="NCHW">{t('data.layout.nchw')}</option>
        <option value="NHWC">{t('data.layout.nhwc')}</option>
      </select>
    </label>
  );
}

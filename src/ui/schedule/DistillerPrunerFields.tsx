import { useTranslation } from 'react-i18next';
import type { FilterRanking } from '../../core/schedule/schedule';
import { NumberField } from './NumberField';
import { FILTER_RANKINGS, type ScheduleForm } from './schedule-form';

/** The fields of Distiller's filter-ranking, random-level and network-surgery schedule types. */
export function DistillerPrunerFields(props: {
  form: ScheduleForm;
  disabled: boolean;
  onChange: (patch: Partial<ScheduleForm>) => void;
}) {
  const { t } = useTranslation();
  const { form } = props;
  const frac = { step: 0.05, min: 0, max: 0.99 };
  const range = (
    <>
      <NumberField label={t('schedule.editor.start')} field="start" {...props} />
      <NumberField label={t('schedule.editor.end')} field="end" {...props} />
      <NumberField label={t('schedule.editor.frequency')} field="frequency" min={1} {...props} />
    </>
  );
  if (form.kind === 'ranked-filters')
    return (
      <>
        <label className="field">
          <span>{t('schedule.field.rankBy')}</span>
          <select
            aria-label={t('schedule.field.rankBy')}
            value={form.ranking}
            disabled={props.disabled}
            onChange={(e) => props.onChange({ ranking: e.target.value as FilterRanking })}
          >
            {FILTER_RANKINGS.map((r) => (
              <option key={r} value={r}>
                {t(`schedule.ranking.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <NumberField label={t('schedule.editor.initialSparsity')} field="initialSparsity" {...frac} {...props} />
        <NumberField label={t('schedule.editor.finalSparsity')} field="finalSparsity" {...frac} {...props} />
        {range}
      </>
    );
  if (form.kind === 'random-level')
    return (
      <>
        <NumberField label={t('schedule.field.low')} field="low" {...frac} {...props} />
        <NumberField label={t('schedule.field.high')} field="high" {...frac} {...props} />
        {range}
      </>
    );
  if (form.kind === 'splicing')
    return (
      <>
        <NumberField label={t('schedule.field.s')} field="s" step={0.05} {...props} />
        <NumberField label={t('schedule.field.lowMult')} field="lowMult" step={0.05} {...props} />
        <NumberField label={t('schedule.field.hiMult')} field="hiMult" step={0.05} {...props} />
      </>
    );
  return null;
}

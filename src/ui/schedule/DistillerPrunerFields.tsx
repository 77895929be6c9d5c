import type { FilterRanking } from '../../core/schedule/schedule';
import { NumberField } from './NumberField';
import { FILTER_RANKINGS, type ScheduleForm } from './schedule-form';

/** The fields of Distiller's filter-ranking, random-level and network-surgery schedule types. */
export function DistillerPrunerFields(props: {
  form: ScheduleForm;
  disabled: boolean;
  onChange: (patch: Partial<ScheduleForm>) => void;
}) {
  const { form } = props;
  const frac = { step: 0.05, min: 0, max: 0.99 };
  const range = (
    <>
      <NumberField label="Start epoch" field="start" {...props} />
      <NumberField label="End epoch" field="end" {...props} />
      <NumberField label="Frequency" field="frequency" min={1} {...props} />
    </>
  );
  if (form.kind === 'ranked-filters')
    return (
      <>
        <label className="field">
          <span>Rank filters by</span>
          <select
            aria-label="Rank filters by"
            value={form.ranking}
            disabled={props.disabled}
            onChange={(e) => props.onChange({ ranking: e.target.value as FilterRanking })}
          >
            {FILTER_RANKINGS.map((r) => (
              <option key={r.ranking} value={r.ranking}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <NumberField label="Initial sparsity" field="initialSparsity" {...frac} {...props} />
        <NumberField label="Final sparsity" field="finalSparsity" {...frac} {...props} />
        {range}
      </>
    );
  if (form.kind === 'random-level')
    return (
      <>
        <NumberField label="Low sparsity" field="low" {...frac} {...props} />
        <NumberField label="High sparsity" field="high" {...frac} {...props} />
        {range}
      </>
    );
  if (form.kind === 'splicing')
    return (
      <>
        <NumberField label="s" field="s" step={0.05} {...props} />
        <NumberField label="Low multiplier" field="lowMult" step={0.05} {...props} />
        <NumberField label="High multiplier" field="hiMult" step={0.05} {...props} />
      </>
    );
  return null;
}

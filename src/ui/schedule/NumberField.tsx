import type { ScheduleForm } from './schedule-form';

type FieldKey = Exclude<keyof ScheduleForm, 'kind' | 'tensors' | 'ranking'>;

/** A number input bound to one text field of the schedule form (a half-typed number is kept). */
export function NumberField(props: {
  label: string;
  field: FieldKey;
  form: ScheduleForm;
  step?: number;
  min?: number;
  max?: number;
  disabled: boolean;
  onChange: (patch: Partial<ScheduleForm>) => void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        aria-label={props.label}
        value={props.form[props.field]}
        step={props.step ?? 1}
        min={props.min ?? 0}
        max={props.max}
        disabled={props.disabled}
        onChange={(e) => props.onChange({ [props.field]: e.target.value })}
      />
    </label>
  );
}

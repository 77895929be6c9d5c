// The labelled inputs of the input-mapping form: one component per kind of field.
import type { ReactNode } from 'react';

function Field(props: { label: ReactNode; grow?: boolean; children: ReactNode }) {
  return (
    <label className={props.grow ? 'field grow' : 'field'}>
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}

export function TextField(props: {
  label: ReactNode;
  /** the accessible name */
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  numeric?: boolean;
  grow?: boolean;
}) {
  return (
    <Field label={props.label} grow={props.grow}>
      <input
        aria-label={props.name}
        inputMode={props.numeric ? 'numeric' : undefined}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export function SelectField<T extends string>(props: {
  label: ReactNode;
  name: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <Field label={props.label}>
      <select aria-label={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

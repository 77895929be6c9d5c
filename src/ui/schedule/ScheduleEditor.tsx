import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import type { Schedule } from '../../core/schedule/schedule';
import { selectTensors, selectTrainingActive } from '../../state/selectors';
import { saveBytes } from '../shared/download';
import { DistillerPrunerFields } from './DistillerPrunerFields';
import { NumberField } from './NumberField';
import { RunControls } from './RunControls';
import { describeRule } from './rule-description';
import {
  DEFAULT_FORM,
  formToSchedule,
  SCHEDULE_KINDS,
  scheduleToForm,
  type ScheduleForm,
  type ScheduleKind,
} from './schedule-form';
import { useLab, useLabActions } from '../shared/use-lab';

/** The schedule being edited: a simple form, or the rules of an imported Distiller YAML (read-only). */
export function ScheduleEditor() {
  const schedule = useLab((s) => s.schedule);
  const epochs = useLab((s) => s.scheduleEpochs);
  const tensors = useLab(selectTensors);
  const running = useLab(selectTrainingActive);
  const { setSchedule, importScheduleYaml, exportScheduleYaml, startScheduleRun, notify } = useLabActions();
  const names = useMemo(() => tensors.map((t) => t.name), [tensors]);

  // the schedule this editor last wrote; any other (an import) re-reads the form from the store
  const written = useRef<Schedule | null>(null);
  const [form, setForm] = useState<ScheduleForm | null>(() => scheduleToForm(schedule, epochs));
  const [error, setError] = useState<string | null>(null);
  const [skipUnsupported, setSkipUnsupported] = useState(false);
  const [seen, setSeen] = useState(schedule);
  if (seen !== schedule) {
    setSeen(schedule);
    if (schedule !== written.current) {
      setForm(scheduleToForm(schedule, epochs));
      setError(null);
    }
  }

  const apply = (next: ScheduleForm) => {
    setForm(next);
    try {
      const out = formToSchedule(next, names);
      written.current = out.schedule;
      setError(null);
      setSchedule(out.schedule, out.epochs);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const patch = (p: Partial<ScheduleForm>) => form && apply({ ...form, ...p });
  const setKind = (kind: ScheduleKind) => form && apply({ ...form, kind });

  const selected = (name: string) => !form || form.tensors === '*' || form.tensors.includes(name);
  const toggle = (name: string, on: boolean) => {
    if (!form) return;
    const current = form.tensors === '*' ? names : form.tensors;
    const next = on ? names.filter((n) => n === name || current.includes(n)) : current.filter((n) => n !== name);
    patch({ tensors: next.length === names.length ? '*' : next });
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) importScheduleYaml(file.name, await file.text(), { skipUnsupported });
  };
  const fileInput = useRef<HTMLInputElement>(null);
  const exportYaml = () => {
    const text = exportScheduleYaml();
    if (text !== null) saveBytes('schedule.yaml', text, 'application/yaml');
  };
  const reset = () => apply({ ...DEFAULT_FORM, epochs: String(epochs) });

  const kindInfo = form ? SCHEDULE_KINDS.find((k) => k.kind === form.kind) : null;
  const off = running;
  const common = { form: form ?? DEFAULT_FORM, disabled: off, onChange: patch };
  const frac = { step: 0.05, min: 0, max: 0.99 };

  return (
    <section className="panel schedule-editor" aria-label="Pruning schedule">
      <div className="chart-head">
        <h2>Pruning schedule</h2>
        <div className="schedule-io">
          <button type="button" className="btn btn-small" disabled={off} onClick={() => fileInput.current?.click()}>
            Import Distiller YAML…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".yaml,.yml,text/yaml"
            aria-label="Import schedule YAML"
            className="visually-hidden"
            tabIndex={-1}
            onChange={(e) => void onFile(e)}
          />
          <label
            className="layer-pick"
            title="Quantizers, and thinning or policy arguments a run cannot apply, are otherwise refused"
          >
            <input type="checkbox" checked={skipUnsupported} onChange={(e) => setSkipUnsupported(e.target.checked)} />
            Run without unsupported entries
          </label>
          <button type="button" className="btn btn-small" disabled={!!error} onClick={exportYaml}>
            Export Distiller YAML
          </button>
        </div>
      </div>
      {form ? (
        <>
          <div className="schedule-fields">
            <label className="field">
              <span>Schedule type</span>
              <select
                aria-label="Schedule type"
                value={form.kind}
                disabled={off}
                onChange={(e) => setKind(e.target.value as ScheduleKind)}
              >
                {SCHEDULE_KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            {form.kind === 'one-shot' && <NumberField label="Sparsity" field="sparsity" {...frac} {...common} />}
            {form.kind === 'iterative' && (
              <label className="field grow">
                <span>Steps (sparsity:epochs, …)</span>
                <input
                  type="text"
                  aria-label="Steps (sparsity:epochs, …)"
                  value={form.steps}
                  disabled={off}
                  onChange={(e) => patch({ steps: e.target.value })}
                />
              </label>
            )}
            <DistillerPrunerFields {...common} />
            {(form.kind === 'agp' || form.kind === 'polynomial-decay') && (
              <>
                <NumberField label="Initial sparsity" field="initialSparsity" {...frac} {...common} />
                <NumberField label="Final sparsity" field="finalSparsity" {...frac} {...common} />
                <NumberField label="Start epoch" field="start" {...common} />
                <NumberField label="End epoch" field="end" {...common} />
                <NumberField label="Frequency" field="frequency" min={1} {...common} />
                {form.kind === 'polynomial-decay' && (
                  <NumberField label="Power" field="power" min={0.5} step={0.5} {...common} />
                )}
              </>
            )}
            {form.kind === 'sensitivity' && (
              <>
                <NumberField label="s" field="s" step={0.1} {...common} />
                <NumberField label="Every N epochs" field="every" min={1} {...common} />
              </>
            )}
            {form.kind === 'iterative' ? (
              <span className="note schedule-total">{error ? '' : `${epochs} epochs in all`}</span>
            ) : (
              <NumberField label="Epochs" field="epochs" {...common} />
            )}
          </div>
          {kindInfo && <p className="hint schedule-note">{kindInfo.note}</p>}
          <fieldset className="layer-picks schedule-tensors">
            <legend>Tensors</legend>
            {tensors.map((t) => (
              <label key={t.name} className="layer-pick">
                <input
                  type="checkbox"
                  checked={selected(t.name)}
                  disabled={off}
                  onChange={(e) => toggle(t.name, e.target.checked)}
                />
                <span className="mono">{t.name}</span>
              </label>
            ))}
            {tensors.length === 0 && <span className="note">Load a model to pick tensors.</span>}
          </fieldset>
        </>
      ) : (
        <div className="imported-rules">
          <p className="hint">
            This schedule has {schedule.rules.length} rules (e.g. from a Distiller YAML); it runs as it is over{' '}
            {`${epochs} epochs`}.
          </p>
          <table className="layers plan-table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Pruner</th>
                <th scope="col">Tensors</th>
                <th scope="col">Epochs</th>
              </tr>
            </thead>
            <tbody>
              {schedule.rules.map((r) => {
                const d = describeRule(r);
                return (
                  <tr key={d.name}>
                    <th scope="row" className="mono">
                      {d.name}
                    </th>
                    <td>{d.pruner}</td>
                    <td className="mono">{d.tensors}</td>
                    <td>{d.epochs}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button type="button" className="btn btn-small" disabled={off} onClick={reset}>
            Edit as a simple schedule
          </button>
        </div>
      )}
      {error && (
        <p className="hint field-error" role="alert" data-testid="schedule-error">
          {error}
        </p>
      )}
      <RunControls
        kind="schedule"
        startLabel="Run schedule"
        blocker={error ? 'Fix the schedule first.' : null}
        onStart={() => {
          if (error) notify('error', error);
          else void startScheduleRun();
        }}
      />
    </section>
  );
}

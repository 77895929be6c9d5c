import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schedule } from '../../core/schedule/schedule';
import { selectTensors, selectTrainingActive } from '../../state/selectors';
import { saveBytes } from '../shared/download';
import { DistillerPrunerFields } from './DistillerPrunerFields';
import { NumberField } from './NumberField';
import { RunControls } from './RunControls';
import { describeRule } from './rule-description';
import { KIND_KEY } from './schedule-kinds';
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
  const { t: tr } = useTranslation();

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

  const kindNote = form ? tr(`schedule.kind.${KIND_KEY[form.kind]}.note`) : null;
  const off = running;
  const common = { form: form ?? DEFAULT_FORM, disabled: off, onChange: patch };
  const frac = { step: 0.05, min: 0, max: 0.99 };

  return (
    <section className="panel schedule-editor" aria-label={tr('schedule.editor.title')}>
      <div className="chart-head">
        <h2>{tr('schedule.editor.title')}</h2>
        <div className="schedule-io">
          <button type="button" className="btn btn-small" disabled={off} onClick={() => fileInput.current?.click()}>
            {tr('schedule.editor.importYaml')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".yaml,.yml,text/yaml"
            aria-label={tr('schedule.editor.importName')}
            className="visually-hidden"
            tabIndex={-1}
            onChange={(e) => void onFile(e)}
          />
          <label className="layer-pick" title={tr('schedule.editor.skipTitle')}>
            <input type="checkbox" checked={skipUnsupported} onChange={(e) => setSkipUnsupported(e.target.checked)} />
            {tr('schedule.editor.skip')}
          </label>
          <button type="button" className="btn btn-small" disabled={!!error} onClick={exportYaml}>
            {tr('schedule.editor.exportYaml')}
          </button>
        </div>
      </div>
      {form ? (
        <>
          <div className="schedule-fields">
            <label className="field">
              <span>{tr('schedule.editor.type')}</span>
              <select
                aria-label={tr('schedule.editor.type')}
                value={form.kind}
                disabled={off}
                onChange={(e) => setKind(e.target.value as ScheduleKind)}
              >
                {SCHEDULE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {tr(`schedule.kind.${KIND_KEY[k]}.label`)}
                  </option>
                ))}
              </select>
            </label>
            {form.kind === 'one-shot' && (
              <NumberField label={tr('schedule.editor.sparsity')} field="sparsity" {...frac} {...common} />
            )}
            {form.kind === 'iterative' && (
              <label className="field grow">
                <span>{tr('schedule.editor.steps')}</span>
                <input
                  type="text"
                  aria-label={tr('schedule.editor.steps')}
                  value={form.steps}
                  disabled={off}
                  onChange={(e) => patch({ steps: e.target.value })}
                />
              </label>
            )}
            <DistillerPrunerFields {...common} />
            {(form.kind === 'agp' || form.kind === 'polynomial-decay') && (
              <>
                <NumberField
                  label={tr('schedule.editor.initialSparsity')}
                  field="initialSparsity"
                  {...frac}
                  {...common}
                />
                <NumberField label={tr('schedule.editor.finalSparsity')} field="finalSparsity" {...frac} {...common} />
                <NumberField label={tr('schedule.editor.start')} field="start" {...common} />
                <NumberField label={tr('schedule.editor.end')} field="end" {...common} />
                <NumberField label={tr('schedule.editor.frequency')} field="frequency" min={1} {...common} />
                {form.kind === 'polynomial-decay' && (
                  <NumberField label={tr('schedule.editor.power')} field="power" min={0.5} step={0.5} {...common} />
                )}
              </>
            )}
            {form.kind === 'sensitivity' && (
              <>
                <NumberField label="s" field="s" step={0.1} {...common} />
                <NumberField label={tr('schedule.editor.every')} field="every" min={1} {...common} />
              </>
            )}
            {form.kind === 'iterative' ? (
              <span className="note schedule-total">
                {error ? '' : tr('schedule.editor.epochsInAll', { n: epochs })}
              </span>
            ) : (
              <NumberField label={tr('schedule.editor.epochs')} field="epochs" {...common} />
            )}
          </div>
          {kindNote && <p className="hint schedule-note">{kindNote}</p>}
          <fieldset className="layer-picks schedule-tensors">
            <legend>{tr('schedule.editor.tensors')}</legend>
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
            {tensors.length === 0 && <span className="note">{tr('schedule.editor.loadModel')}</span>}
          </fieldset>
        </>
      ) : (
        <div className="imported-rules">
          <p className="hint">{tr('schedule.editor.imported', { n: schedule.rules.length, epochs })}</p>
          <table className="layers plan-table">
            <thead>
              <tr>
                <th scope="col">{tr('schedule.editor.rule')}</th>
                <th scope="col">{tr('schedule.editor.pruner')}</th>
                <th scope="col">{tr('schedule.editor.tensors')}</th>
                <th scope="col">{tr('schedule.editor.epochs')}</th>
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
            {tr('schedule.editor.editSimple')}
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
        startLabel={tr('schedule.editor.run')}
        blocker={error ? tr('schedule.editor.fixFirst') : null}
        onStart={() => {
          if (error) notify('error', error);
          else void startScheduleRun();
        }}
      />
    </section>
  );
}

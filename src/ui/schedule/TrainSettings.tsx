import { useState } from 'react';
import type { TrainSettings as Settings } from '../../core/lab/types';
import { useLab, useLabActions } from '../shared/use-lab';

type NumKey = Exclude<keyof Settings, 'optimizer'>;

const CHECKS: Record<NumKey, { label: string; ok: (v: number) => boolean; expect: string; step: number }> = {
  lr: { label: 'Learning rate', ok: (v) => v > 0 && v < 10, expect: 'a number > 0', step: 0.0001 },
  momentum: { label: 'Momentum', ok: (v) => v >= 0 && v < 1, expect: 'a number in [0, 1)', step: 0.05 },
  batchSize: { label: 'Batch size', ok: (v) => Number.isInteger(v) && v >= 1, expect: 'an integer >= 1', step: 1 },
  weightDecay: { label: 'Weight decay', ok: (v) => v >= 0, expect: 'a number >= 0', step: 0.0001 },
};

/** One labelled number input; a valid value goes to the store, an invalid one stays local and is marked. */
function SettingField(props: { field: NumKey; value: number; disabled: boolean; onValid: (v: number) => void }) {
  const check = CHECKS[props.field];
  const [text, setText] = useState(String(props.value));
  const [seen, setSeen] = useState(props.value);
  if (seen !== props.value) {
    setSeen(props.value);
    if (Number(text) !== props.value) setText(String(props.value));
  }
  const v = Number(text);
  const bad = text.trim() === '' || !Number.isFinite(v) || !check.ok(v);
  return (
    <label className="field">
      <span>{check.label}</span>
      <input
        type="number"
        aria-label={check.label}
        className={bad ? 'invalid' : ''}
        aria-invalid={bad || undefined}
        title={bad ? `${check.label} must be ${check.expect}` : undefined}
        step={check.step}
        min={0}
        value={text}
        disabled={props.disabled}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(n) && check.ok(n)) props.onValid(n);
        }}
      />
    </label>
  );
}

/** Fine-tuning settings of a schedule run. */
export function TrainSettings() {
  const train = useLab((s) => s.train);
  const running = useLab((s) => s.run?.status === 'running' || s.run?.status === 'paused');
  const { setTrain } = useLabActions();
  const field = (f: NumKey) => (
    <SettingField field={f} value={train[f]} disabled={running} onValid={(v) => setTrain({ [f]: v })} />
  );
  return (
    <section className="panel" aria-label="Fine-tuning">
      <h2>Fine-tuning</h2>
      <div className="schedule-fields">
        <label className="field">
          <span>Optimizer</span>
          <select
            aria-label="Optimizer"
            value={train.optimizer}
            disabled={running}
            onChange={(e) => setTrain({ optimizer: e.target.value as Settings['optimizer'] })}
          >
            <option value="sgd">SGD with momentum</option>
            <option value="adam">Adam</option>
          </select>
        </label>
        {field('lr')}
        {train.optimizer === 'sgd' && field('momentum')}
        {field('batchSize')}
        {field('weightDecay')}
      </div>
      <p className="hint">
        Masks are re-applied after every optimizer step, so a pruned weight stays exactly 0 (momentum and weight decay
        would otherwise revive it).
      </p>
    </section>
  );
}

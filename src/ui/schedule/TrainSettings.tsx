import { useTranslation } from 'react-i18next';
import { selectTrainingActive } from '../../state/selectors';
import { useState } from 'react';
import type { TrainSettings as Settings } from '../../core/lab/types';
import { useLab, useLabActions } from '../shared/use-lab';

type NumKey = Exclude<keyof Settings, 'optimizer'>;

// `label` and `expect` are catalogue keys under schedule.train
type Expect = 'positive' | 'unit' | 'integer' | 'nonNegative';
const CHECKS: Record<NumKey, { ok: (v: number) => boolean; expect: Expect; step: number }> = {
  lr: { ok: (v) => v > 0 && v < 10, expect: 'positive', step: 0.0001 },
  momentum: { ok: (v) => v >= 0 && v < 1, expect: 'unit', step: 0.05 },
  batchSize: { ok: (v) => Number.isInteger(v) && v >= 1, expect: 'integer', step: 1 },
  weightDecay: { ok: (v) => v >= 0, expect: 'nonNegative', step: 0.0001 },
};

/** One labelled number input; a valid value goes to the store, an invalid one stays local and is marked. */
function SettingField(props: { field: NumKey; value: number; disabled: boolean; onValid: (v: number) => void }) {
  const check = CHECKS[props.field];
  const { t } = useTranslation();
  const label = t(`schedule.train.${props.field}`);
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
      <span>{label}</span>
      <input
        type="number"
        aria-label={label}
        className={bad ? 'invalid' : ''}
        aria-invalid={bad || undefined}
        title={bad ? t('schedule.train.mustBe', { name: label, what: t(`schedule.train.${check.expect}`) }) : undefined}
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
  const running = useLab(selectTrainingActive);
  const { setTrain } = useLabActions();
  const { t } = useTranslation();
  const field = (f: NumKey) => (
    <SettingField field={f} value={train[f]} disabled={running} onValid={(v) => setTrain({ [f]: v })} />
  );
  return (
    <section className="panel" aria-label={t('schedule.train.title')}>
      <h2>{t('schedule.train.title')}</h2>
      <div className="schedule-fields">
        <label className="field">
          <span>{t('schedule.train.optimizer')}</span>
          <select
            aria-label={t('schedule.train.optimizer')}
            value={train.optimizer}
            disabled={running}
            onChange={(e) => setTrain({ optimizer: e.target.value as Settings['optimizer'] })}
          >
            <option value="sgd">{t('schedule.train.sgd')}</option>
            <option value="adam">Adam</option>
          </select>
        </label>
        {field('lr')}
        {train.optimizer === 'sgd' && field('momentum')}
        {field('batchSize')}
        {field('weightDecay')}
      </div>
      <p className="hint">{t('schedule.train.hint')}</p>
    </section>
  );
}

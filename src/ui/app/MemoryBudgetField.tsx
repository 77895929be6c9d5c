// This device's memory budget for model weights: a model that needs more (as float32) is refused
// before loading. The value is kept in this browser.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab, useLabActions } from '../shared/use-lab';

const MIB = 2 ** 20;

export function MemoryBudgetField() {
  const { t } = useTranslation();
  const budget = useLab((s) => s.memoryBudget);
  const { setMemoryBudget } = useLabActions();
  const [text, setText] = useState(String(budget / MIB));
  useEffect(() => setText(String(budget / MIB)), [budget]);
  const commit = () => {
    if (text !== String(budget / MIB)) setMemoryBudget(Number(text));
  };
  return (
    <label className="field" title={t('recovery.budgetHelp')}>
      <span>{t('recovery.budgetLabel')}</span>
      <input
        type="number"
        min={1}
        max={65536}
        step={1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}

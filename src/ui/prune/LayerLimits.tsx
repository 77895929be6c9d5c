import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TensorPicker } from '../shared/TensorPicker';
import { useLab, useLabActions } from '../shared/use-lab';

/** A percentage text box that commits a fraction in [0, 1] (or nothing) on Enter or blur. */
function PercentBox(props: { label: string; value: number | undefined; onCommit: (v: number | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(props.value === undefined ? '' : String(Math.round(props.value * 1000) / 10));
  useEffect(() => setText(props.value === undefined ? '' : String(Math.round(props.value * 1000) / 10)), [props.value]);
  const n = Number(text);
  const invalid = text.trim() !== '' && !(n >= 0 && n <= 100);
  const commit = () => {
    if (text.trim() === '') props.onCommit(undefined);
    else if (!invalid) props.onCommit(n / 100);
  };
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="text"
        inputMode="decimal"
        className={`threshold ${invalid ? 'invalid' : ''}`}
        aria-label={props.label}
        aria-invalid={invalid}
        placeholder={t('prune.limits.none')}
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

/** Which layers "Prune all" leaves alone, and the caps every layer's target is clamped to. */
export function LayerLimits() {
  const allLayers = useLab((s) => s.allLayers);
  const { setAllLayersOptions } = useLabActions();
  const { t } = useTranslation();
  return (
    <div className="layer-limits" role="group" aria-label={t('prune.limits.group')}>
      <TensorPicker
        legend={t('prune.limits.skipLegend')}
        verb={t('prune.limits.skipVerb')}
        selected={allLayers.skip}
        onChange={(skip) => setAllLayersOptions({ skip })}
      />
      <PercentBox
        label={t('prune.limits.min')}
        value={allLayers.limits.minSparsity}
        onCommit={(v) => setAllLayersOptions({ limits: { ...allLayers.limits, minSparsity: v } })}
      />
      <PercentBox
        label={t('prune.limits.max')}
        value={allLayers.limits.maxSparsity}
        onCommit={(v) => setAllLayersOptions({ limits: { ...allLayers.limits, maxSparsity: v } })}
      />
    </div>
  );
}

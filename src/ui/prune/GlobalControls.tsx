import { useState } from 'react';
import { methodInfo, type MethodChoice } from '../../core/plan/method-info';
import type { TensorMethod } from '../../core/plan/plan';
import { pruneAllScope } from '../../core/plan/prune-all';
import { selectCanUndo, selectIsPruned, selectModel } from '../../state/selectors';
import { MethodSelect, NM_PATTERNS, buildMethod, carryValue, sliderRange } from './MethodSelect';
import { RankingSettings } from './RankingSettings';
import { LayerLimits } from './LayerLimits';
import { PresenterFold } from '../app/PresenterFold';
import { useLab, useLabActions } from '../shared/use-lab';
import { PruneAllNote } from './PruneAllNote';

export function GlobalControls() {
  const canUndo = useLab(selectCanUndo);
  const pruned = useLab(selectIsPruned);
  const model = useLab(selectModel);
  const ranking = useLab((s) => s.ranking);
  const skip = useLab((s) => s.allLayers.skip);
  const hasModel = !!model && model.tensors.length > 0;
  const { pruneAll, undo, reset } = useLabActions();
  const [choice, setChoice] = useState<MethodChoice>('level');
  const [target, setTarget] = useState(0.5);
  const [nm, setNm] = useState<string>(NM_PATTERNS[0]);
  const [threshold, setThreshold] = useState('');

  const info = methodInfo(choice);
  const lambda = Number(threshold);
  const thresholdValid = threshold.trim() !== '' && Number.isFinite(lambda) && lambda >= 0;
  const method: TensorMethod =
    choice === 'magnitude' ? { kind: 'magnitude', threshold: lambda } : buildMethod(choice, target, ranking, nm);
  const scope = pruneAllScope(model?.tensors ?? [], method, { skip });
  const canApply = hasModel && scope.applies.length > 0 && (choice !== 'magnitude' || thresholdValid);
  const apply = () => pruneAll(method);

  const changeChoice = (c: MethodChoice) => {
    setChoice(c);
    setTarget((v) => carryValue(c, v));
  };

  return (
    <section className="panel global" aria-label="Whole model">
      <div className="global-row">
        <label className="field method-field">
          <span>Method</span>
          <MethodSelect label="Method for all layers" value={choice} disabled={!hasModel} onChange={changeChoice} />
        </label>
        {choice === 'nm' ? (
          <label className="field grow">
            <span>Pattern for all layers</span>
            <select
              aria-label="N:M pattern of all layers"
              value={nm}
              disabled={!hasModel}
              onChange={(e) => setNm(e.target.value)}
            >
              {NM_PATTERNS.map((p) => (
                <option key={p} value={p}>
                  {p} (keep {p.split(':')[0]} of every {p.split(':')[1]} along the inputs)
                </option>
              ))}
            </select>
          </label>
        ) : choice === 'magnitude' ? (
          <label className="field grow">
            <span>Prune |w| ≤ λ in all layers</span>
            <input
              type="text"
              inputMode="decimal"
              placeholder="λ, e.g. 0.05"
              className={threshold.trim() !== '' && !thresholdValid ? 'invalid' : ''}
              aria-label="Magnitude threshold of all layers"
              value={threshold}
              disabled={!hasModel}
              onChange={(e) => setThreshold(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && canApply) apply();
              }}
            />
          </label>
        ) : (
          <label className="field grow">
            <span>
              {choice === 'sensitivity'
                ? 'Sensitivity s of all layers (λ = s·σ)'
                : choice === 'remaining'
                  ? 'Prune this fraction of what remains'
                  : 'Prune all layers to'}
            </span>
            <input
              type="range"
              {...sliderRange(choice)}
              value={target}
              aria-label={choice === 'sensitivity' ? 'Sensitivity s of all layers' : 'Sparsity of all layers'}
              disabled={!hasModel}
              onChange={(e) => setTarget(Number(e.target.value))}
            />
          </label>
        )}
        {choice !== 'nm' && choice !== 'magnitude' && (
          <output
            className="big-number"
            aria-label={choice === 'sensitivity' ? 'Target s of all layers' : 'Target sparsity of all layers'}
          >
            {choice === 'sensitivity' ? `${target.toFixed(2)}σ` : `${(target * 100).toFixed(0)}%`}
          </output>
        )}
        <div className="global-buttons">
          <button type="button" className="btn btn-primary" disabled={!canApply} onClick={apply}>
            Prune all
          </button>
          <button type="button" className="btn" disabled={!canUndo} onClick={undo} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button type="button" className="btn" disabled={!pruned} onClick={reset}>
            Reset to dense
          </button>
        </div>
      </div>
      <PresenterFold>
        <RankingSettings />
        <LayerLimits />
      </PresenterFold>
      <p className="hint">
        {info.explain} <PruneAllNote scope={scope} ranks={info.ranks} /> The dense weights are kept, so reset and undo
        lose nothing.
      </p>
    </section>
  );
}

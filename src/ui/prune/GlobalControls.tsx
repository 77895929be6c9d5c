import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
import { methodText } from './method-text';

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
  const { t } = useTranslation();

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
    <section className="panel global" aria-label={t('prune.global.label')}>
      <div className="global-row">
        <label className="field method-field">
          <span>{t('prune.global.method')}</span>
          <MethodSelect
            label={t('prune.global.methodAll')}
            value={choice}
            disabled={!hasModel}
            onChange={changeChoice}
          />
        </label>
        {choice === 'nm' ? (
          <label className="field grow">
            <span>{t('prune.global.patternAll')}</span>
            <select
              aria-label={t('prune.global.patternAllName')}
              value={nm}
              disabled={!hasModel}
              onChange={(e) => setNm(e.target.value)}
            >
              {NM_PATTERNS.map((p) => (
                <option key={p} value={p}>
                  {t('prune.global.patternOption', { p, n: p.split(':')[0], m: p.split(':')[1] })}
                </option>
              ))}
            </select>
          </label>
        ) : choice === 'magnitude' ? (
          <label className="field grow">
            <span>{t('prune.global.thresholdAll')}</span>
            <input
              type="text"
              inputMode="decimal"
              placeholder={t('prune.global.thresholdPlaceholder')}
              className={threshold.trim() !== '' && !thresholdValid ? 'invalid' : ''}
              aria-label={t('prune.global.thresholdAllName')}
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
                ? t('prune.global.sensitivityAll')
                : choice === 'remaining'
                  ? t('prune.global.remainingAll')
                  : t('prune.global.sparsityAllLabel')}
            </span>
            <input
              type="range"
              {...sliderRange(choice)}
              value={target}
              aria-label={
                choice === 'sensitivity' ? t('prune.global.sensitivityAllName') : t('prune.global.sparsityAllName')
              }
              disabled={!hasModel}
              onChange={(e) => setTarget(Number(e.target.value))}
            />
          </label>
        )}
        {choice !== 'nm' && choice !== 'magnitude' && (
          <output
            className="big-number"
            aria-label={choice === 'sensitivity' ? t('prune.global.targetS') : t('prune.global.targetSparsity')}
          >
            {choice === 'sensitivity' ? `${target.toFixed(2)}σ` : `${(target * 100).toFixed(0)}%`}
          </output>
        )}
        <div className="global-buttons">
          <button type="button" className="btn btn-primary" disabled={!canApply} onClick={apply}>
            {t('prune.global.pruneAll')}
          </button>
          <button type="button" className="btn" disabled={!canUndo} onClick={undo} title={t('prune.global.undoTitle')}>
            {t('prune.global.undo')}
          </button>
          <button type="button" className="btn" disabled={!pruned} onClick={reset}>
            {t('prune.global.reset')}
          </button>
        </div>
      </div>
      <PresenterFold>
        <RankingSettings />
        <LayerLimits />
      </PresenterFold>
      <p className="hint">
        {methodText(t, choice).explain} <PruneAllNote scope={scope} ranks={info.ranks} /> {t('prune.global.kept')}
      </p>
    </section>
  );
}

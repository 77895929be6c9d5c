import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LI_PHASES, type LiPhase } from '../../core/lab/li-job';
import { LI_DEFAULTS } from '../../core/schedule/li-settings';
import { useLab, useLabActions } from '../shared/use-lab';
import { LiReportTables } from './LiReportTables';
import './li.css';

const PHASE_KEY = {
  dense: 'li.phase.dense',
  sweep: 'li.phase.sweep',
  prune: 'li.phase.prune',
  thin: 'li.phase.thin',
  'fine-tune': 'li.phase.fineTune',
} as const satisfies Record<LiPhase, string>;

/** Li et al. 2017 on the VGG-style demo: filter sweep → ratios within a budget → L1 pruning → thinning → fine-tuning. */
export function LiExperimentPanel() {
  const { t } = useTranslation();
  const li = useLab((s) => s.li);
  const hasModel = useLab((s) => s.model !== null);
  const isVgg = useLab((s) => s.modelSource?.kind === 'demo' && s.modelSource.id === 'vgg');
  const { startLiExperiment, cancelLiExperiment, selectDemo } = useLabActions();
  const [budget, setBudget] = useState(LI_DEFAULTS.budget);
  const [epochs, setEpochs] = useState(LI_DEFAULTS.epochs);
  const [trainImages, setTrainImages] = useState('');
  const running = li?.status === 'running';
  const current = li ? LI_PHASES.indexOf(li.phase ?? 'dense') : -1;
  const stateOf = (i: number): 'pending' | 'running' | 'done' => {
    if (!li) return 'pending';
    if (li.status === 'done' || i < current) return 'done';
    return running && i === current ? 'running' : 'pending';
  };

  return (
    <section className="panel li-panel" aria-labelledby="li-title">
      <h2 id="li-title">{t('li.title')}</h2>
      <p className="hint li-intro">{t('li.intro')}</p>
      {!isVgg && (
        <p className="hint">
          {t('li.notVgg')}{' '}
          <button type="button" className="btn btn-small" onClick={() => void selectDemo('vgg')}>
            {t('li.switchVgg')}
          </button>
        </p>
      )}
      <div className="li-settings">
        <label>
          {t('li.budget')}
          <input
            type="number"
            min={0}
            step={0.25}
            value={budget}
            disabled={running}
            onChange={(e) => setBudget(Math.max(0, Number(e.target.value)))}
          />
        </label>
        <label>
          {t('li.epochs')}
          <input
            type="number"
            min={0}
            step={1}
            value={epochs}
            disabled={running}
            onChange={(e) => setEpochs(Math.max(0, Math.round(Number(e.target.value))))}
          />
        </label>
        <label>
          {t('li.trainImages')}
          <input
            type="number"
            min={1}
            step={1}
            value={trainImages}
            placeholder={t('li.allImages')}
            disabled={running}
            onChange={(e) => setTrainImages(e.target.value)}
          />
        </label>
      </div>
      <div className="li-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!hasModel || running}
          onClick={() =>
            void startLiExperiment({ budget, epochs, trainImages: Math.round(Number(trainImages)) || null })
          }
        >
          {t('li.run')}
        </button>
        {running && (
          <button type="button" className="btn" onClick={() => cancelLiExperiment()}>
            {t('li.cancel')}
          </button>
        )}
      </div>
      {li && (
        <ol className="li-phases" aria-label={t('li.phasesCaption')}>
          {LI_PHASES.map((p, i) => {
            const state = stateOf(i);
            return (
              <li key={p} className={`li-phase li-${state}`} data-testid={`li-phase-${p}`} data-state={state}>
                <span>{t(PHASE_KEY[p])}</span>
                <span className="li-state">
                  {state === 'running' && li.progress
                    ? t('li.progress', { done: li.progress.done, total: li.progress.total })
                    : t(`li.state.${state}`)}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {li?.status === 'cancelled' && <p className="hint">{t('li.cancelled')}</p>}
      {li && <LiReportTables partial={li.partial} report={li.report} />}
    </section>
  );
}

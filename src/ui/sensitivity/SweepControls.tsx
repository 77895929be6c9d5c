import { useTranslation } from 'react-i18next';
import { useMemo, useState } from 'react';
import { parseLevels } from '../../core/sensitivity/levels';
import type { SensitivityRun } from '../../state/types';
import type { SweepRequest } from '../../core/lab/types';
import { selectHasModel, selectTensors } from '../../state/selectors';
import { layerPosition, levelsSpec } from './sensitivity-series';
import { useLab, useLabActions } from '../shared/use-lab';
import { TensorPicker } from '../shared/TensorPicker';
import { useMainAction } from '../shortcuts/main-action';
import { SweepWorkersField } from './SweepWorkersField';

type Group = SweepRequest['group'];
const SUBSETS = ['all', '1000', '200'] as const;

/** Settings of a new sensitivity sweep; starts from the last sweep's request so switching views keeps them. */
export function SweepControls(props: { last: SensitivityRun | null; running: SensitivityRun | null }) {
  const tensors = useLab(selectTensors);
  const progress = useLab((s) => s.sweepProgress);
  const hasModel = useLab(selectHasModel);
  const { startSweep, cancelSweep } = useLabActions();
  const prev = props.last?.request ?? null;
  const { t } = useTranslation();

  const [unchecked, setUnchecked] = useState<Set<string>>(
    () => new Set(prev ? tensors.map((t) => t.name).filter((n) => !prev.tensors.includes(n)) : []),
  );
  const [group, setGroup] = useState<Group>(prev?.group ?? 'element');
  const [levelsText, setLevelsText] = useState(prev ? levelsSpec(prev.levels) : '0:0.9:0.05');
  const [subset, setSubset] = useState(prev?.subset ? String(prev.subset) : 'all');
  const [minTop1, setMinTop1] = useState(prev?.minTop1 != null ? String(prev.minTop1) : '');
  const [mode, setMode] = useState<SweepRequest['mode']>(prev?.mode ?? 'labels');
  const [workers, setWorkers] = useState<number | undefined>(prev?.workers);

  const levels = useMemo(() => {
    try {
      return { values: parseLevels(levelsText), error: null };
    } catch (e) {
      return { values: [], error: (e as Error).message };
    }
  }, [levelsText]);

  const structured = group !== 'element';
  const eligible = (kind: string) => !structured || kind === 'conv2d';
  const selected = useMemo(
    () => tensors.filter((t) => eligible(t.kind) && !unchecked.has(t.name)).map((t) => t.name),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- eligible follows `structured`
    [tensors, unchecked, structured],
  );
  const hasConv = tensors.some((t) => t.kind === 'conv2d');
  const stopValue = minTop1.trim() === '' ? null : Number(minTop1);
  const stopError =
    stopValue !== null && (!Number.isFinite(stopValue) || stopValue < 0 || stopValue > 100)
      ? t('sensitivity.sweep.badStop')
      : null;
  const running = props.running !== null;
  const blocker = !hasModel
    ? t('sensitivity.sweep.loadFirst')
    : running
      ? null
      : structured && !hasConv
        ? t(group === 'filter' ? 'sensitivity.sweep.filterNeedsConv' : 'sensitivity.sweep.channelNeedsConv')
        : selected.length === 0
          ? t('sensitivity.sweep.selectOne')
          : null;
  const canRun = !running && !blocker && !levels.error && !stopError;

  const run = () =>
    void startSweep({
      tensors: selected,
      group,
      levels: levels.values,
      subset: subset === 'all' ? null : Number(subset),
      minTop1: stopValue,
      mode,
      ...(workers === undefined ? {} : { workers }),
    });

  useMainAction('sensitivity', canRun ? run : null);

  const pos = progress ? layerPosition(props.running?.request?.tensors, progress.tensor) : null;

  return (
    <section className="panel sweep-controls" aria-label={t('sensitivity.sweep.label')}>
      <h2>{t('sensitivity.sweep.title')}</h2>
      <p className="hint sweep-intro">{t('sensitivity.sweep.intro')}</p>
      <TensorPicker
        legend={t('sensitivity.sweep.layers')}
        verb={t('sensitivity.sweep.verb')}
        selected={selected}
        onChange={(next) => {
          const on = new Set(next);
          setUnchecked(new Set(tensors.map((t) => t.name).filter((n) => !on.has(n))));
        }}
        eligible={(t) => eligible(t.kind)}
        why={t('sensitivity.sweep.why')}
        disabled={running}
      />
      <div className="sweep-fields">
        <label className="field">
          <span>{t('sensitivity.sweep.group')}</span>
          <select
            aria-label={t('sensitivity.sweep.groupName')}
            value={group}
            onChange={(e) => setGroup(e.target.value as Group)}
          >
            <option value="element">{t('sensitivity.sweep.element')}</option>
            <option value="filter">{t('sensitivity.sweep.filter')}</option>
            <option value="channel">{t('sensitivity.sweep.channel')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('sensitivity.sweep.levels')}</span>
          <input
            type="text"
            aria-label={t('sensitivity.sweep.levels')}
            className={levels.error ? 'invalid' : ''}
            aria-invalid={levels.error ? true : undefined}
            aria-describedby="sweep-levels-msg"
            value={levelsText}
            onChange={(e) => setLevelsText(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('sensitivity.sweep.evaluateOn')}</span>
          <select aria-label={t('sensitivity.sweep.images')} value={subset} onChange={(e) => setSubset(e.target.value)}>
            {SUBSETS.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? t('sensitivity.sweep.all') : t('sensitivity.sweep.first', { n: s })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('sensitivity.sweep.stop')}</span>
          <input
            type="number"
            aria-label={t('sensitivity.sweep.stop')}
            className={stopError ? 'invalid' : ''}
            aria-invalid={stopError ? true : undefined}
            min={0}
            max={100}
            step={1}
            placeholder={t('sensitivity.sweep.off')}
            value={minTop1}
            onChange={(e) => setMinTop1(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('sensitivity.sweep.measure')}</span>
          <select
            aria-label={t('sensitivity.sweep.measureName')}
            value={mode}
            onChange={(e) => setMode(e.target.value as SweepRequest['mode'])}
          >
            <option value="labels">{t('sensitivity.sweep.labels')}</option>
            <option value="agreement">{t('sensitivity.sweep.agreement')}</option>
          </select>
        </label>
        <SweepWorkersField value={workers} onChange={setWorkers} />
      </div>
      <p
        id="sweep-levels-msg"
        className={`hint ${levels.error ? 'field-error' : ''}`}
        role={levels.error ? 'alert' : undefined}
      >
        {levels.error ??
          t('sensitivity.sweep.count', {
            levels: levels.values.length,
            layers: selected.length,
            n: levels.values.length * selected.length,
          })}
        {stopError && <span className="field-error">{t('sensitivity.sweep.stopMust', { what: stopError })}</span>}
      </p>
      <div className="sweep-actions">
        <button type="button" className="btn btn-primary" disabled={!canRun} onClick={run}>
          {t('sensitivity.sweep.run')}
        </button>
        <button type="button" className="btn" disabled={!running} onClick={cancelSweep}>
          {t('sensitivity.sweep.cancel')}
        </button>
        {running && (
          <span className="progress-wrap">
            <progress
              aria-label={t('sensitivity.sweep.progress')}
              max={progress?.total || 1}
              value={progress?.done ?? 0}
            />
            <span className="note" aria-live="polite">
              {pos
                ? t('sensitivity.sweep.layerOf', { i: pos.index, n: pos.count, name: progress?.tensor })
                : progress
                  ? progress.tensor
                  : t('sensitivity.sweep.starting')}
              {progress ? t('sensitivity.sweep.evaluations', { done: progress.done, total: progress.total }) : ''}
            </span>
          </span>
        )}
        {blocker && <span className="note warn">{blocker}</span>}
        {!blocker && structured && tensors.some((t) => t.kind !== 'conv2d') && (
          <span className="note">
            {t('sensitivity.sweep.denseLeftOut', { group: t(`sensitivity.groupWord.${group}`) })}
          </span>
        )}
      </div>
    </section>
  );
}

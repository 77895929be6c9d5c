import { useMemo, useState } from 'react';
import { parseLevels } from '../../core/sensitivity/levels';
import type { SensitivityRun } from '../../state/types';
import type { SweepRequest } from '../../core/lab/types';
import { selectHasModel, selectTensors } from '../../state/selectors';
import { layerPosition, levelsSpec } from './sensitivity-series';
import { useLab, useLabActions } from '../shared/use-lab';
import { TensorPicker } from '../shared/TensorPicker';
import { SweepWorkersField } from './SweepWorkersField';

type Group = SweepRequest['group'];
const SUBSETS: { value: string; label: string }[] = [
  { value: 'all', label: 'all' },
  { value: '1000', label: 'first 1000' },
  { value: '200', label: 'first 200' },
];

/** Settings of a new sensitivity sweep; starts from the last sweep's request so switching views keeps them. */
export function SweepControls(props: { last: SensitivityRun | null; running: SensitivityRun | null }) {
  const tensors = useLab(selectTensors);
  const progress = useLab((s) => s.sweepProgress);
  const hasModel = useLab(selectHasModel);
  const { startSweep, cancelSweep } = useLabActions();
  const prev = props.last?.request ?? null;

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
      ? 'a percentage between 0 and 100'
      : null;
  const running = props.running !== null;
  const blocker = !hasModel
    ? 'Load a model first.'
    : running
      ? null
      : structured && !hasConv
        ? `${group === 'filter' ? 'Filter' : 'Channel'} pruning needs conv layers; this model has none. Choose element.`
        : selected.length === 0
          ? 'Select at least one layer to analyse.'
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

  const pos = progress ? layerPosition(props.running?.request?.tensors, progress.tensor) : null;

  return (
    <section className="panel sweep-controls" aria-label="Sensitivity analysis settings">
      <h2>Sensitivity analysis</h2>
      <p className="hint sweep-intro">
        Each layer is pruned alone at each sparsity level and the model is evaluated; the other layers stay dense
        (Distiller's perform_sensitivity_analysis).
      </p>
      <TensorPicker
        legend="Layers"
        verb="Analyse"
        selected={selected}
        onChange={(next) => {
          const on = new Set(next);
          setUnchecked(new Set(tensors.map((t) => t.name).filter((n) => !on.has(n))));
        }}
        eligible={(t) => eligible(t.kind)}
        why="filter and channel pruning apply to conv layers only"
        disabled={running}
      />
      <div className="sweep-fields">
        <label className="field">
          <span>Group</span>
          <select aria-label="Sensitivity group" value={group} onChange={(e) => setGroup(e.target.value as Group)}>
            <option value="element">element (weights)</option>
            <option value="filter">filter (conv only)</option>
            <option value="channel">channel (conv only)</option>
          </select>
        </label>
        <label className="field">
          <span>Sparsity levels</span>
          <input
            type="text"
            aria-label="Sparsity levels"
            className={levels.error ? 'invalid' : ''}
            aria-invalid={levels.error ? true : undefined}
            aria-describedby="sweep-levels-msg"
            value={levelsText}
            onChange={(e) => setLevelsText(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Evaluate on</span>
          <select aria-label="Sweep images" value={subset} onChange={(e) => setSubset(e.target.value)}>
            {SUBSETS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Stop a layer below top-1 (%)</span>
          <input
            type="number"
            aria-label="Stop a layer below top-1 (%)"
            className={stopError ? 'invalid' : ''}
            aria-invalid={stopError ? true : undefined}
            min={0}
            max={100}
            step={1}
            placeholder="off"
            value={minTop1}
            onChange={(e) => setMinTop1(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Measure</span>
          <select
            aria-label="Sensitivity measure"
            value={mode}
            onChange={(e) => setMode(e.target.value as SweepRequest['mode'])}
          >
            <option value="labels">accuracy vs labels</option>
            <option value="agreement">agreement with the dense model (label-free)</option>
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
          `${levels.values.length} levels × ${selected.length} layers = ${levels.values.length * selected.length} ` +
            `evaluations`}
        {stopError && <span className="field-error"> · stop threshold must be {stopError}</span>}
      </p>
      <div className="sweep-actions">
        <button type="button" className="btn btn-primary" disabled={!canRun} onClick={run}>
          Run sensitivity analysis
        </button>
        <button type="button" className="btn" disabled={!running} onClick={cancelSweep}>
          Cancel
        </button>
        {running && (
          <span className="progress-wrap">
            <progress aria-label="Sweep progress" max={progress?.total || 1} value={progress?.done ?? 0} />
            <span className="note" aria-live="polite">
              {pos
                ? `layer ${pos.index} of ${pos.count} · ${progress?.tensor}`
                : progress
                  ? progress.tensor
                  : 'starting…'}
              {progress ? ` · ${progress.done} of ${progress.total} evaluations` : ''}
            </span>
          </span>
        )}
        {blocker && <span className="note warn">{blocker}</span>}
        {!blocker && structured && tensors.some((t) => t.kind !== 'conv2d') && (
          <span className="note">Dense layers are left out: {group} pruning applies to conv kernels only.</span>
        )}
      </div>
    </section>
  );
}

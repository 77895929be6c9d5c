import { useTranslation } from 'react-i18next';
import './sensitivity.css';
import { useMemo, useState } from 'react';
import { selectModelName } from '../../state/selectors';
import type { LabState } from '../../state/types';
import { CurvePlanPanel } from './CurvePlanPanel';
import { LevelChart } from './LevelChart';
import { SensitivityChart } from './SensitivityChart';
import { SensitivityHeatmap } from './SensitivityHeatmap';
import { SensitivityRuns } from './SensitivityRuns';
import { mostSensitive } from './sensitivity-series';
import { SweepControls } from './SweepControls';
import { useLab } from '../shared/use-lab';
import { viewPanelId, viewTabId } from '../app/ViewTabs';

// Each returns an object already in the store (or null), so the reference is stable between renders.
const selectActiveRun = (s: LabState) => s.runs.find((r) => r.id === s.activeRun) ?? null;
const selectRunningRun = (s: LabState) => s.runs.find((r) => r.status === 'running') ?? null;
const selectLastSweep = (s: LabState) => {
  for (let i = s.runs.length - 1; i >= 0; i--) if (s.runs[i].source === 'sweep') return s.runs[i];
  return null;
};

/** Distiller-style sensitivity analysis: sweep, curves, heat map, and a plan under a budget. */
export function SensitivityView() {
  const run = useLab(selectActiveRun);
  const running = useLab(selectRunningRun);
  const last = useLab(selectLastSweep);
  const modelName = useLab(selectModelName);
  const opening = useLab((s) => s.opening);
  const { t } = useTranslation();
  // The curves drawn: the user's choice for this run, else the most sensitive layers.
  const [picked, setPicked] = useState<{ run: number; names: string[] } | null>(null);
  const rows = run?.rows;
  const auto = useMemo(() => (rows ? mostSensitive(rows) : []), [rows]);
  const shown = run && picked?.run === run.id ? picked.names : auto;
  const show = (names: string[]) => {
    if (run) setPicked({ run: run.id, names });
  };

  return (
    <main
      className="layout sensitivity-view"
      role="tabpanel"
      id={viewPanelId('sensitivity')}
      aria-labelledby={viewTabId('sensitivity')}
    >
      <div className="main-col">
        {opening && (
          <div className="loading" role="status">
            {t('prune.loading', { name: opening })}
          </div>
        )}
        <SweepControls key={modelName} last={last} running={running} />
        <SensitivityRuns run={run} />
        {run && <SensitivityChart key={`curves-${run.id}`} run={run} shown={shown} onShow={show} />}
        {run && <LevelChart key={`level-${run.id}`} run={run} />}
        {run && <SensitivityHeatmap run={run} shown={shown} onShow={show} />}
      </div>
      <aside className="side-col">
        <CurvePlanPanel run={run} />
      </aside>
    </main>
  );
}

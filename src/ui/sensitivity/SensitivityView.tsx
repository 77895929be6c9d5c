import type { LabState } from '../../state/types';
import { CurvePlanPanel } from './CurvePlanPanel';
import { LevelChart } from './LevelChart';
import { SensitivityChart } from './SensitivityChart';
import { SensitivityHeatmap } from './SensitivityHeatmap';
import { SensitivityRuns } from './SensitivityRuns';
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
  const modelName = useLab((s) => s.model?.name ?? '');
  const loading = useLab((s) => s.loading);

  return (
    <main
      className="layout sensitivity-view"
      role="tabpanel"
      id={viewPanelId('sensitivity')}
      aria-labelledby={viewTabId('sensitivity')}
    >
      <div className="main-col">
        {loading && (
          <div className="loading" role="status">
            Loading {loading}…
          </div>
        )}
        <SweepControls key={modelName} last={last} running={running} />
        <SensitivityRuns run={run} />
        {run && <SensitivityChart key={`curves-${run.id}`} run={run} />}
        {run && <LevelChart key={`level-${run.id}`} run={run} />}
        {run && <SensitivityHeatmap run={run} />}
      </div>
      <aside className="side-col">
        <CurvePlanPanel run={run} />
      </aside>
    </main>
  );
}

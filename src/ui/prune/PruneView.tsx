import { DataSettings } from '../app/DataSettings';
import { ModelCardPanel } from '../app/ModelCardPanel';
import { viewPanelId, viewTabId } from '../app/ViewTabs';
import { useLab } from '../shared/use-lab';
import { DensityChart } from './DensityChart';
import { GlobalControls } from './GlobalControls';
import { InspectPanel } from './InspectPanel';
import { LayerTable } from './LayerTable';
import { MetricsPanel } from './MetricsPanel';

/** Prune a model layer by layer or all at once, and inspect what the plan does. */
export function PruneView() {
  const loading = useLab((s) => s.loading);
  return (
    <main className="layout" role="tabpanel" id={viewPanelId('prune')} aria-labelledby={viewTabId('prune')}>
      <div className="main-col">
        {loading && (
          <div className="loading" role="status">
            Loading {loading}…
          </div>
        )}
        <MetricsPanel />
        <GlobalControls />
        <LayerTable />
        <InspectPanel />
      </div>
      <aside className="side-col">
        <DensityChart />
        <ModelCardPanel />
        <DataSettings />
        <p className="footnote">
          Everything runs in this browser tab; no model or data leaves your machine. Drop a TF.js layers model
          (model.json + its .bin shards) anywhere on the page.
        </p>
      </aside>
    </main>
  );
}

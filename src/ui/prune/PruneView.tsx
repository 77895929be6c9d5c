import './prune.css';
import { DataSettings } from '../app/DataSettings';
import { ModelCardPanel } from '../app/ModelCardPanel';
import { viewPanelId, viewTabId } from '../app/ViewTabs';
import { useLab } from '../shared/use-lab';
import { CouplingGroups } from './CouplingGroups';
import { DensityChart } from './DensityChart';
import { GlobalControls } from './GlobalControls';
import { InspectPanel } from './InspectPanel';
import { LayerSearch } from './LayerSearch';
import { LayerTable } from './LayerTable';
import { MetricsPanel } from './MetricsPanel';
import { ModelMinimap } from './ModelMinimap';
import { PresenterFold } from '../app/PresenterFold';

/** Prune a model layer by layer or all at once, and inspect what the plan does. */
export function PruneView() {
  const opening = useLab((s) => s.opening);
  return (
    <main className="layout" role="tabpanel" id={viewPanelId('prune')} aria-labelledby={viewTabId('prune')}>
      <div className="main-col">
        {opening && (
          <div className="loading" role="status">
            Loading {opening}…
          </div>
        )}
        {/* the figures and the search stay in view while the lists scroll */}
        <div className="sticky-head">
          <MetricsPanel />
          <LayerSearch />
        </div>
        <GlobalControls />
        <LayerTable />
        <InspectPanel />
      </div>
      <aside className="side-col">
        <ModelMinimap />
        <DensityChart />
        <PresenterFold>
          <CouplingGroups />
          <ModelCardPanel />
          <DataSettings />
        </PresenterFold>
        <p className="footnote">
          Everything runs in this browser tab; no model or data leaves your machine. Drop a model (TF.js model.json +
          its .bin shards, an .onnx, or a Keras .h5) or a dataset anywhere on the page.
        </p>
      </aside>
    </main>
  );
}

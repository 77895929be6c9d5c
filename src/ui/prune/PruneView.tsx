import './prune.css';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  return (
    <main className="layout" role="tabpanel" id={viewPanelId('prune')} aria-labelledby={viewTabId('prune')}>
      <div className="main-col">
        {opening && (
          <div className="loading" role="status">
            {t('prune.loading', { name: opening })}
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
        <p className="footnote">{t('prune.footnote')}</p>
      </aside>
    </main>
  );
}

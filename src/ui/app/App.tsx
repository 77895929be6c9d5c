import { useEffect } from 'react';
import { DataSettings } from './DataSettings';
import { DensityChart } from '../prune/DensityChart';
import { DropZone } from './DropZone';
import { GlobalControls } from '../prune/GlobalControls';
import { InspectPanel } from '../prune/InspectPanel';
import { LayerTable } from '../prune/LayerTable';
import { MetricsPanel } from '../prune/MetricsPanel';
import { ModelCardPanel } from './ModelCardPanel';
import { ScheduleView } from '../schedule/ScheduleView';
import { SensitivityView } from '../sensitivity/SensitivityView';
import { Notices } from './Notices';
import { TopBar } from './TopBar';
import { viewPanelId, viewTabId } from './ViewTabs';
import { useLab, useLabActions } from '../shared/use-lab';

export function App() {
  const loading = useLab((s) => s.loading);
  const view = useLab((s) => s.view);
  const { undo } = useLabActions();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text') return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);

  return (
    <DropZone>
      <TopBar />
      <Notices />
      {view === 'prune' && (
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
      )}
      {view === 'sensitivity' && <SensitivityView />}
      {view === 'schedule' && (
        <main
          className="layout layout-single"
          role="tabpanel"
          id={viewPanelId('schedule')}
          aria-labelledby={viewTabId('schedule')}
        >
          <ScheduleView />
        </main>
      )}
    </DropZone>
  );
}

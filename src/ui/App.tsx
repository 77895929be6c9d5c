import { useEffect } from 'react';
import { DataSettings } from './DataSettings';
import { DensityChart } from './DensityChart';
import { DropZone } from './DropZone';
import { GlobalControls } from './GlobalControls';
import { InspectPanel } from './InspectPanel';
import { LayerTable } from './LayerTable';
import { MetricsPanel } from './MetricsPanel';
import { ModelCardPanel } from './ModelCardPanel';
import { Notices } from './Notices';
import { TopBar } from './TopBar';
import { useLab, useLabActions } from './use-lab';

export function App() {
  const loading = useLab((s) => s.loading);
  const { undo } = useLabActions();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text')) return;
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
      <main className="layout">
        <div className="main-col">
          {loading && <div className="loading" role="status">Loading {loading}…</div>}
          <MetricsPanel />
          <GlobalControls />
          <LayerTable />
          <InspectPanel />
        </div>
        <aside className="side-col">
          <DensityChart />
          <ModelCardPanel />
          <DataSettings />
          <p className="footnote">Everything runs in this browser tab; no model or data leaves your machine. Drop a TF.js layers model (model.json + its .bin shards) anywhere on the page.</p>
        </aside>
      </main>
    </DropZone>
  );
}

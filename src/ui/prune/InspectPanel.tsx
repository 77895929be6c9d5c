import { selectHasModel } from '../../state/selectors';
import './inspect.css';
import { useRef, type KeyboardEvent } from 'react';
import type { InspectTab } from '../../state/types';
import { CostPanel } from './CostPanel';
import { MaskHeatmap } from './MaskHeatmap';
import { SparsityTablePanel } from './SparsityTablePanel';
import { WeightHistogram, WeightHistogramTabName } from './WeightHistogram';
import { useLab, useLabActions } from '../shared/use-lab';

const TABS: { id: InspectTab; label: string }[] = [
  { id: 'sparsity-table', label: 'Sparsity summary' },
  { id: 'masks', label: 'Masks' },
  { id: 'histogram', label: 'Histogram' },
  { id: 'cost', label: 'Cost' },
];

/** What the pruned model looks like: Distiller's summary, the masks as images, and what sparsity costs and saves. */
export function InspectPanel() {
  const tab = useLab((s) => s.inspectTab);
  const hasModel = useLab(selectHasModel);
  const { setInspectTab } = useLabActions();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  if (!hasModel) return null;

  // Arrow keys move between tabs, as in the WAI-ARIA tabs pattern.
  const onKey = (e: KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const to =
      e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : step ? (i + step + TABS.length) % TABS.length : -1;
    if (to < 0) return;
    e.preventDefault();
    setInspectTab(TABS[to].id);
    tabRefs.current[to]?.focus();
  };

  return (
    <section className="panel inspect" aria-label="Inspect the pruned model">
      <div className="inspect-head">
        <h2>Inspect</h2>
        <div className="tabs" role="tablist" aria-label="Inspect views">
          {TABS.map((t, i) => (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`inspect-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`inspect-panel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              className={`tab ${tab === t.id ? 'active' : ''}`}
              onClick={() => setInspectTab(t.id)}
              onKeyDown={(e) => onKey(e, i)}
            >
              {t.id === 'histogram' ? <WeightHistogramTabName /> : t.label}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id={`inspect-panel-${tab}`} aria-labelledby={`inspect-tab-${tab}`} className="tab-panel">
        {tab === 'sparsity-table' && <SparsityTablePanel />}
        {tab === 'masks' && <MaskHeatmap />}
        {tab === 'histogram' && <WeightHistogram />}
        {tab === 'cost' && <CostPanel />}
      </div>
    </section>
  );
}

import { selectHasModel } from '../../state/selectors';
import './inspect.css';
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectTab } from '../../state/types';
import { CostPanel } from './CostPanel';
import { MaskHeatmap } from './MaskHeatmap';
import { SparsityTablePanel } from './SparsityTablePanel';
import { WeightHistogram } from './WeightHistogram';
import { useLab, useLabActions } from '../shared/use-lab';

/** `key`: the tab's name in the catalogue (`prune.inspect.tab.<key>`) */
const TABS: { id: InspectTab; key: 'sparsityTable' | 'masks' | 'histogram' | 'cost' }[] = [
  { id: 'sparsity-table', key: 'sparsityTable' },
  { id: 'masks', key: 'masks' },
  { id: 'histogram', key: 'histogram' },
  { id: 'cost', key: 'cost' },
];

/** What the pruned model looks like: Distiller's summary, the masks as images, and what sparsity costs and saves. */
export function InspectPanel() {
  const tab = useLab((s) => s.inspectTab);
  const hasModel = useLab(selectHasModel);
  const { setInspectTab } = useLabActions();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const { t: tr } = useTranslation();
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
    <section className="panel inspect" aria-label={tr('prune.inspect.label')}>
      <div className="inspect-head">
        <h2>{tr('prune.inspect.title')}</h2>
        <div className="tabs" role="tablist" aria-label={tr('prune.inspect.tabs')}>
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
              {tr(`prune.inspect.tab.${t.key}`)}
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

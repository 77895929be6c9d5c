import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { View } from '../../state/types';
import { useLab, useLabActions } from '../shared/use-lab';

/** `label`: the English name; the page shows `app.view.<id>`. */
export const VIEWS: { id: View; label: string }[] = [
  { id: 'prune', label: 'Prune' },
  { id: 'sensitivity', label: 'Sensitivity' },
  { id: 'schedule', label: 'Schedule' },
];

export const viewTabId = (v: View) => `view-tab-${v}`;
export const viewPanelId = (v: View) => `view-panel-${v}`;

/** The app's three views; arrow keys move between tabs (WAI-ARIA tabs pattern). */
export function ViewTabs() {
  const view = useLab((s) => s.view);
  const { setView } = useLabActions();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const { t } = useTranslation();

  const onKey = (e: KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const to =
      e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : step ? (i + step + VIEWS.length) % VIEWS.length : -1;
    if (to < 0) return;
    e.preventDefault();
    setView(VIEWS[to].id);
    refs.current[to]?.focus();
  };

  return (
    <div className="tabs view-tabs" role="tablist" aria-label={t('app.views')}>
      {VIEWS.map((v, i) => (
        <button
          key={v.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={viewTabId(v.id)}
          aria-selected={view === v.id}
          aria-controls={viewPanelId(v.id)}
          tabIndex={view === v.id ? 0 : -1}
          className={`tab ${view === v.id ? 'active' : ''}`}
          onClick={() => setView(v.id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {t(`app.view.${v.id}`)}
        </button>
      ))}
    </div>
  );
}

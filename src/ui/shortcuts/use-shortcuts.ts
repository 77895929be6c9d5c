import { useContext, useEffect } from 'react';
import { LabStoreContext } from '../shared/use-lab';
import { matchShortcut } from './registry';
import { runShortcut } from './run-shortcut';

/** Listens for the registry's keys on the whole page while `enabled` (off while a dialog has the keys). */
export function useShortcuts(openHelp: () => void, enabled: boolean): void {
  const store = useContext(LabStoreContext);
  useEffect(() => {
    if (!store || !enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const id = matchShortcut({ ...pick(e), target: e.target instanceof Element ? e.target : null });
      if (id && runShortcut(id, store.getState(), openHelp)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, openHelp, enabled]);
}

const pick = (e: KeyboardEvent) => ({
  key: e.key,
  ctrlKey: e.ctrlKey,
  metaKey: e.metaKey,
  altKey: e.altKey,
  shiftKey: e.shiftKey,
});

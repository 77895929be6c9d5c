// The main action of each view (the sweep in Sensitivity, the schedule run in Schedule), as the
// panel that owns its button offers it: the "run" shortcut does what that button would do, with
// the settings on screen. A panel offers null while its button is disabled.
import { useEffect } from 'react';
import type { View } from '../../state/types';

const offered = new Map<View, () => void>();

/** Offers `action` as the view's main action; the returned function withdraws it. */
export function offerMainAction(view: View, action: () => void): () => void {
  offered.set(view, action);
  return () => {
    if (offered.get(view) === action) offered.delete(view);
  };
}

/** Offers `action` as the view's main action while the calling panel is mounted. */
export function useMainAction(view: View | null, action: (() => void) | null): void {
  useEffect(() => (view && action ? offerMainAction(view, action) : undefined), [view, action]);
}

/** Runs the view's main action; false when it has none now. */
export function runMainAction(view: View): boolean {
  const action = offered.get(view);
  if (!action) return false;
  action();
  return true;
}

// The page's running session store and saver, for the controls that clear it.
import type { SessionBackend } from './session-backend';
import type { SessionSaver } from './session-saver';

let current: { backend: SessionBackend; saver: SessionSaver } | null = null;

export function setSessionHandle(handle: { backend: SessionBackend; saver: SessionSaver } | null): void {
  current = handle;
}

/** Stops saving and forgets everything saved; false when this page keeps no session. */
export async function clearSavedSession(): Promise<boolean> {
  if (!current) return false;
  current.saver.stop();
  await current.backend.clear();
  return true;
}

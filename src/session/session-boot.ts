// The page's start: open the saved session (IndexedDB), boot the lab on it, then save as the user
// works. A browser that keeps nothing (private mode, storage off) still gets a working lab.
import type { StoreApi } from 'zustand/vanilla';
import { i18n } from '../i18n/i18n';
import type { Address } from '../state/address';
import type { LabState } from '../state/types';
import type { SessionBackend } from './session-backend';
import { openSessionDb } from './session-db';
import { setSessionHandle } from './session-handle';
import { bootSavedSession, readSavedSession, type SavedSession } from './session-restore';
import { startSessionSaver } from './session-saver';

export interface SessionBootOptions {
  language(): string;
  onLanguageChange(fn: () => void): void;
  /** the session store; IndexedDB by default */
  open?: () => Promise<SessionBackend>;
}

const EMPTY: SavedSession = { parts: {}, modelFiles: null, dataFiles: null, failures: [] };

export async function bootSessionAndSave(store: StoreApi<LabState>, address: Address, opts: SessionBootOptions) {
  let backend: SessionBackend | null = null;
  let saved = EMPTY;
  try {
    backend = await (opts.open ?? openSessionDb)();
    saved = await readSavedSession(backend);
  } catch (e) {
    store.getState().notify('warning', i18n.t('session.notice.unavailable', { reason: (e as Error).message }));
  }
  await bootSavedSession(store, saved, address);
  if (!backend) return;
  const saver = startSessionSaver(store, backend, { language: opts.language });
  opts.onLanguageChange(saver.touch);
  setSessionHandle({ backend, saver });
}

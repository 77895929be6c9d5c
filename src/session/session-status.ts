// How saving stands, for the session controls: a small store of its own beside the lab's.
import { createStore } from 'zustand/vanilla';

export type SaveState = 'off' | 'idle' | 'saving' | 'saved' | 'full' | 'failed';

export interface SessionStatus {
  state: SaveState;
  /** when the last save finished (ms since epoch) */
  savedAt: number | null;
}

export const sessionStatus = createStore<SessionStatus>()(() => ({ state: 'off', savedAt: null }));

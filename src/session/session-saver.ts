// Saves the session as the user works: debounced after store changes, only the parts whose fields
// changed, each dropped file once (by content hash). Saving never blocks the page and never stops the
// lab: a full quota or a failed write is said once, and the next change tries again.
import type { StoreApi } from 'zustand/vanilla';
import { i18n } from '../i18n/i18n';
import type { LabState } from '../state/types';
import { isQuotaError, type SessionBackend } from './session-backend';
import {
  PART_FIELDS,
  PART_NAMES,
  partOf,
  type Blobs,
  type FileRef,
  type PartName,
  type SessionParts,
} from './session-parts';
import { sessionStatus } from './session-status';

export const SAVE_DELAY_MS = 600;

export interface SessionSaver {
  /** a change the store does not see (the language): save soon */
  touch(): void;
  /** saves what changed now; resolves when it is written (or refused) */
  flush(): Promise<void>;
  stop(): void;
}

export interface SaverOptions {
  language(): string;
  delayMs?: number;
}

type Seen = Partial<Record<PartName, readonly unknown[]>>;

function fieldsOf(name: PartName, s: LabState, language: string): unknown[] {
  const values: unknown[] = PART_FIELDS[name].map((k) => s[k]);
  return name === 'ui' ? [...values, language] : values;
}

const same = (a: readonly unknown[] | undefined, b: readonly unknown[]) => !!a && a.every((v, i) => v === b[i]);

function fileKeys(parts: Partial<SessionParts>): Set<string> {
  const refs: FileRef[] = [];
  const model = parts.model?.source;
  if (model?.kind === 'files') refs.push(...model.files);
  const data = parts.data?.source;
  if (data?.kind === 'files') refs.push(...data.files);
  return new Set(refs.map((r) => r.key));
}

export function startSessionSaver(
  store: StoreApi<LabState>,
  backend: SessionBackend,
  opts: SaverOptions,
): SessionSaver {
  const delay = opts.delayMs ?? SAVE_DELAY_MS;
  let seen: Seen = {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;
  /** the trouble already told, so a notice is not repeated on every change */
  let told: 'full' | 'failed' | null = null;
  const saved: Partial<SessionParts> = {};

  async function save() {
    if (stopped) return;
    const s = store.getState();
    const language = opts.language();
    const changed = PART_NAMES.filter((n) => !same(seen[n], fieldsOf(n, s, language)));
    if (!changed.length) return;
    const fields = Object.fromEntries(changed.map((n) => [n, fieldsOf(n, s, language)]));
    sessionStatus.setState({ state: 'saving' });
    try {
      const blobs: Blobs = new Map();
      const parts: Partial<Record<PartName, unknown>> = {};
      for (const n of changed) parts[n] = await partOf(n, s, language, blobs);
      for (const [key, bytes] of blobs) if (!(await backend.hasBlob(key))) await backend.writeBlob(key, bytes);
      await backend.writeParts(parts);
      Object.assign(saved, parts);
      if (changed.includes('model') || changed.includes('data')) await backend.keepBlobs(fileKeys(saved));
      seen = { ...seen, ...fields };
      told = null;
      sessionStatus.setState({ state: 'saved', savedAt: Date.now() });
    } catch (e) {
      const full = isQuotaError(e);
      sessionStatus.setState({ state: full ? 'full' : 'failed' });
      const kind = full ? 'full' : 'failed';
      if (told !== kind) {
        told = kind;
        const text = full
          ? i18n.t('session.notice.quotaFull')
          : i18n.t('session.notice.saveFailed', { reason: (e as Error)?.message ?? String(e) });
        store.getState().notify('warning', text);
      }
    }
  }

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    writing = writing.then(save);
    return writing;
  };
  // at most one save per delay: a sweep's rows keep coming, and each burst is saved as it goes
  const touch = () => {
    if (stopped || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, delay);
  };
  const unsubscribe = store.subscribe(touch);
  sessionStatus.setState({ state: 'idle' });
  touch();

  return {
    touch,
    flush,
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      unsubscribe();
      sessionStatus.setState({ state: 'off' });
    },
  };
}

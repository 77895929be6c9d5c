// A session store in memory, for tests: the same contract as IndexedDB's, with writes that can be
// made to fail (a full quota) and counters of what was written.
import type { SessionBackend } from './session-backend';
import type { PartName } from './session-parts';

export function quotaError(): Error {
  const e = new Error('The quota has been exceeded.');
  e.name = 'QuotaExceededError';
  return e;
}

export function memoryBackend() {
  const parts = new Map<PartName, unknown>();
  const blobs = new Map<string, ArrayBuffer>();
  const writes = { parts: [] as PartName[][], blobs: [] as string[] };
  let failWrites: (() => Error) | null = null;
  const fail = () => {
    if (failWrites) throw failWrites();
  };
  const backend: SessionBackend = {
    readParts: async () => Object.fromEntries(parts),
    async writeParts(p) {
      fail();
      for (const [k, v] of Object.entries(p)) parts.set(k as PartName, structuredClone(v));
      writes.parts.push(Object.keys(p) as PartName[]);
    },
    hasBlob: async (key) => blobs.has(key),
    async writeBlob(key, bytes) {
      fail();
      blobs.set(key, bytes.slice(0));
      writes.blobs.push(key);
    },
    readBlob: async (key) => blobs.get(key),
    async keepBlobs(keys) {
      for (const k of [...blobs.keys()]) if (!keys.has(k)) blobs.delete(k);
    },
    async clear() {
      parts.clear();
      blobs.clear();
    },
  };
  return {
    backend,
    parts,
    blobs,
    writes,
    /** every write from now on throws what `error` makes (null: writes work again) */
    failWith(error: (() => Error) | null) {
      failWrites = error;
    },
  };
}

// The saved session in IndexedDB (through idb): the versioned schema of session-schema.ts.
import { openDB, type IDBPDatabase } from 'idb';
import type { SessionBackend } from './session-backend';
import type { PartName } from './session-parts';
import {
  BLOBS_STORE,
  PARTS_STORE,
  SESSION_DB_NAME,
  SESSION_DB_VERSION,
  upgradeSessionDb,
  type UpgradeTarget,
  type UpgradeTransaction,
} from './session-schema';

export async function openSessionDb(name = SESSION_DB_NAME): Promise<SessionBackend> {
  const db: IDBPDatabase = await openDB(name, SESSION_DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      void upgradeSessionDb(db as unknown as UpgradeTarget, oldVersion, tx as unknown as UpgradeTransaction);
    },
  });
  return {
    async readParts() {
      const tx = db.transaction(PARTS_STORE);
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
      return Object.fromEntries(keys.map((k, i) => [k as PartName, values[i]]));
    },
    async writeParts(parts) {
      const tx = db.transaction(PARTS_STORE, 'readwrite');
      await Promise.all([...Object.entries(parts).map(([k, v]) => tx.store.put(v, k)), tx.done]);
    },
    async hasBlob(key) {
      return (await db.getKey(BLOBS_STORE, key)) !== undefined;
    },
    async writeBlob(key, bytes) {
      await db.put(BLOBS_STORE, bytes, key);
    },
    readBlob: (key) => db.get(BLOBS_STORE, key) as Promise<ArrayBuffer | undefined>,
    async keepBlobs(keys) {
      const tx = db.transaction(BLOBS_STORE, 'readwrite');
      const stored = (await tx.store.getAllKeys()) as string[];
      await Promise.all([...stored.filter((k) => !keys.has(k)).map((k) => tx.store.delete(k)), tx.done]);
    },
    async clear() {
      const tx = db.transaction([PARTS_STORE, BLOBS_STORE], 'readwrite');
      await Promise.all([tx.objectStore(PARTS_STORE).clear(), tx.objectStore(BLOBS_STORE).clear(), tx.done]);
    },
  };
}

// The saved session's IndexedDB layout, by version, and the migration from each version to the next.
// Version 1 held the whole session in one record (`session` store, key `current`) with the dropped
// files' bytes inline. Version 2 keeps one record per part (`parts`), so a corrupted part starts clean
// alone, and the files once each as blobs (`blobs`), so a save writes only what changed.
import type { PrunePlan } from '../core/plan/plan';
import { DEFAULT_RANKING } from '../core/plan/method-info';
import type { DemoId, SensitivityRun, View } from '../state/types';
import type { FileRef, PartName, SessionParts } from './session-parts';

export const SESSION_DB_NAME = 'prunelab-session';
export const SESSION_DB_VERSION = 2;
export const PARTS_STORE = 'parts';
export const BLOBS_STORE = 'blobs';
/** version 1's one store and its one key */
export const V1_STORE = 'session';
export const V1_KEY = 'current';

interface FileV1 {
  name: string;
  bytes: ArrayBuffer;
}

/** Version 1's record. */
export interface SessionRecordV1 {
  model: { kind: 'demo'; id: DemoId } | { kind: 'files'; name: string; files: FileV1[] } | null;
  /** dropped dataset files; null = the demo data */
  dataFiles: FileV1[] | null;
  plan: PrunePlan;
  runs: SensitivityRun[];
  view: View;
  language: string;
}

export interface MigratedV1 {
  parts: Partial<SessionParts>;
  blobs: { key: string; bytes: ArrayBuffer }[];
}

/**
 * Version 1's record as version 2's parts and blobs. Blobs keep a key derived from their place in the
 * record (hashing cannot run inside the upgrade); the next save writes them under their content hash.
 */
export function migrateV1(record: SessionRecordV1): MigratedV1 {
  const blobs: MigratedV1['blobs'] = [];
  const refs = (files: FileV1[], what: string): FileRef[] =>
    files.map((f, i) => {
      const key = `v1-${what}-${i}`;
      blobs.push({ key, bytes: f.bytes });
      return { name: f.name, key, size: f.bytes.byteLength };
    });
  const m = record.model;
  const parts: Partial<SessionParts> = {
    model: { source: m?.kind === 'files' ? { kind: 'files', name: m.name, files: refs(m.files, 'model') } : m },
    data: {
      source: record.dataFiles ? { kind: 'files', files: refs(record.dataFiles, 'data') } : { kind: 'demo' },
      scaling: { kind: 'unit' },
      evalLimit: null,
      mapping: null,
    },
    plan: { plan: record.plan, allLayers: { skip: [], limits: record.plan.limits ?? {} }, ranking: DEFAULT_RANKING },
    runs: { runs: record.runs, activeRun: record.runs.at(-1)?.id ?? null, budget: 1 },
    ui: {
      view: record.view,
      inspectTab: 'sparsity-table',
      lessonStep: null,
      presenter: false,
      theme: 'light',
      language: record.language,
    },
  };
  return { parts, blobs };
}

/** The stores an upgrade touches (idb's upgrade database and its versionchange transaction). */
export interface UpgradeTarget {
  objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  deleteObjectStore(name: string): void;
}
export interface UpgradeTransaction {
  objectStore(name: string): {
    get(key: string): Promise<unknown>;
    put(value: unknown, key: string): Promise<unknown>;
  };
}

/** Runs every migration from `oldVersion` up to SESSION_DB_VERSION, in order. */
export async function upgradeSessionDb(db: UpgradeTarget, oldVersion: number, tx: UpgradeTransaction): Promise<void> {
  if (oldVersion < 1) db.createObjectStore(V1_STORE);
  if (oldVersion < 2) {
    db.createObjectStore(PARTS_STORE);
    db.createObjectStore(BLOBS_STORE);
    const record = (await tx.objectStore(V1_STORE).get(V1_KEY)) as SessionRecordV1 | undefined;
    if (record) {
      const { parts, blobs } = migrateV1(record);
      for (const b of blobs) await tx.objectStore(BLOBS_STORE).put(b.bytes, b.key);
      for (const [name, value] of Object.entries(parts)) await tx.objectStore(PARTS_STORE).put(value, name as PartName);
    }
    db.deleteObjectStore(V1_STORE);
  }
}

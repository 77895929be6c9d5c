import { describe, expect, it } from 'vitest';
import { memoryBackend } from './memory-backend';
import { readSavedSession } from './session-restore';
import {
  BLOBS_STORE,
  PARTS_STORE,
  SESSION_DB_VERSION,
  upgradeSessionDb,
  V1_KEY,
  V1_STORE,
  type SessionRecordV1,
  type UpgradeTarget,
  type UpgradeTransaction,
} from './session-schema';

/** A database as plain maps, with the calls an upgrade makes on IndexedDB. */
function plainDb(stores: Record<string, Map<string, unknown>>) {
  const db: UpgradeTarget = {
    objectStoreNames: { contains: (n) => n in stores },
    createObjectStore(n) {
      if (n in stores) throw new Error(`store ${n} exists`);
      stores[n] = new Map();
    },
    deleteObjectStore(n) {
      if (!(n in stores)) throw new Error(`no store ${n}`);
      delete stores[n];
    },
  };
  const tx: UpgradeTransaction = {
    objectStore: (n) => ({
      get: async (k) => stores[n].get(k),
      put: async (v, k) => stores[n].set(k, v),
    }),
  };
  return { db, tx };
}

const modelJson = new TextEncoder().encode('{"modelTopology":{}}').buffer as ArrayBuffer;
const weights = new Float32Array([1, 0, 2]).buffer;
const v1: SessionRecordV1 = {
  model: {
    kind: 'files',
    name: 'model.json',
    files: [
      { name: 'model.json', bytes: modelJson },
      { name: 'weights.bin', bytes: weights },
    ],
  },
  dataFiles: null,
  plan: { version: 1, tensors: { 'dense/kernel': { kind: 'level', sparsity: 0.5 } } } as SessionRecordV1['plan'],
  runs: [
    {
      id: 3,
      label: 'PruneLab sweep',
      source: 'sweep',
      request: null,
      rows: [{ parameter: 'dense/kernel', sparsity: 0.5, top1: 80, top5: 99, loss: 0.5, n: 10 }],
      status: 'done',
      notes: [],
      ms: 12,
      baselineTop1: 90,
    },
  ],
  view: 'sensitivity',
  language: 'ko',
};

describe('session database versions', () => {
  it('creates the current layout in an empty database', async () => {
    const stores: Record<string, Map<string, unknown>> = {};
    const { db, tx } = plainDb(stores);
    await upgradeSessionDb(db, 0, tx);
    expect(Object.keys(stores).sort()).toEqual([BLOBS_STORE, PARTS_STORE]);
    expect(SESSION_DB_VERSION).toBe(2);
  });

  it('migrates a version 1 database: parts and blobs, and the old store gone', async () => {
    const stores: Record<string, Map<string, unknown>> = { [V1_STORE]: new Map([[V1_KEY, v1]]) };
    const { db, tx } = plainDb(stores);
    await upgradeSessionDb(db, 1, tx);
    expect(Object.keys(stores).sort()).toEqual([BLOBS_STORE, PARTS_STORE]);
    expect([...stores[BLOBS_STORE].keys()]).toEqual(['v1-model-0', 'v1-model-1']);
    expect([...stores[PARTS_STORE].keys()].sort()).toEqual(['data', 'model', 'plan', 'runs', 'ui']);

    // the migrated database reads back as a session: files, plan, runs, view and language
    const mem = memoryBackend();
    for (const [k, v] of stores[PARTS_STORE]) mem.parts.set(k as never, v);
    for (const [k, v] of stores[BLOBS_STORE]) mem.blobs.set(k, v as ArrayBuffer);
    const saved = await readSavedSession(mem.backend);
    expect(saved.failures).toEqual([]);
    expect(saved.modelFiles?.map((f) => f.name)).toEqual(['model.json', 'weights.bin']);
    expect(new Float32Array(saved.modelFiles![1].bytes)).toEqual(new Float32Array([1, 0, 2]));
    expect(saved.parts.plan?.plan).toEqual(v1.plan);
    expect(saved.parts.plan?.allLayers).toEqual({ skip: [], limits: {} });
    expect(saved.parts.runs).toEqual({ runs: v1.runs, activeRun: 3, budget: 1 });
    expect(saved.parts.ui).toMatchObject({ view: 'sensitivity', language: 'ko', lessonStep: null });
    expect(saved.parts.data?.source).toEqual({ kind: 'demo' });
  });

  it('migrates a version 1 database that never saved anything', async () => {
    const stores: Record<string, Map<string, unknown>> = { [V1_STORE]: new Map() };
    const { db, tx } = plainDb(stores);
    await upgradeSessionDb(db, 1, tx);
    expect(stores[PARTS_STORE].size).toBe(0);
    expect(V1_STORE in stores).toBe(false);
  });
});

// What every slice shares: the started worker, the store's dependencies and the ids of worker jobs.
import type { StateCreator } from 'zustand/vanilla';
import type { LabWorker, WorkerTrouble } from '../worker/protocol';
import type { LabState } from './types';

export interface StoreDeps {
  /** starts a worker; `onTrouble` is called once if it dies or loses its GPU device */
  startWorker(onTrouble: (t: WorkerTrouble) => void): LabWorker;
  /** wraps a callback so the worker can call it (comlink.proxy in the app; identity in tests) */
  callback<T extends (...a: never[]) => unknown>(fn: T): T;
  baseUrl: string;
}

export interface StoreContext {
  deps: StoreDeps;
  /** the started worker; null before boot */
  worker: LabWorker | null;
  /** a job id no other job of this store has: the worker cancels and supersedes jobs by id */
  nextJobId(): number;
}

/** A slice of LabState: its own state and actions, reading the others through `get`. */
export type LabSlice<T> = (ctx: StoreContext) => StateCreator<LabState, [], [], T>;

export function createStoreContext(deps: StoreDeps): StoreContext {
  let lastJobId = 0;
  return { deps, worker: null, nextJobId: () => ++lastJobId };
}

export function requireWorker(ctx: StoreContext): LabWorker {
  if (!ctx.worker) throw new Error('the compute worker is not running');
  return ctx.worker;
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Buffers are copied before they go to the worker, so a restart can send them again. */
export function copies<T extends { name: string; bytes: ArrayBuffer }>(files: T[]) {
  return files.map((f) => ({ name: f.name, bytes: f.bytes.slice(0) }));
}

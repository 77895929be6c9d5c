// Main-thread side of the worker: creates it, wraps it with comlink, and reports when it dies.
import * as Comlink from 'comlink';
import type { LabApi, LabWorker, WorkerNotice, WorkerTrouble } from './protocol';

export function startLabWorker(onTrouble: (t: WorkerTrouble) => void): LabWorker {
  const worker = new Worker(new URL('./lab-worker.ts', import.meta.url), { type: 'module', name: 'prunelab-lab' });
  let dead = false;
  let stopped = false;
  const report = (t: WorkerTrouble) => {
    if (dead) return;
    dead = true;
    onTrouble(t);
  };
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    report({ kind: 'crashed', message: e.message || 'the compute worker stopped' });
  });
  worker.addEventListener('message', (e: MessageEvent) => {
    const data = e.data as WorkerNotice | undefined;
    if (data && data.type === 'prunelab:device-lost') report({ kind: 'device-lost', message: data.message });
  });
  const api = Comlink.wrap<LabApi>(worker);
  return {
    api,
    terminate() {
      // a second terminate (a kill, then the restart) has nothing left to release
      if (stopped) return;
      stopped = true;
      dead = true;
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

export { Comlink };

// One tensor job at a time. A newer interactive job supersedes (aborts) the one before it;
// cancel(jobId) aborts a job by id. Jobs await their predecessor so two never touch the model at once.
export class JobQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private controllers = new Map<number, AbortController>();
  private lastInteractive: number | null = null;

  run<T>(jobId: number, work: (signal: AbortSignal) => Promise<T>, opts: { supersede?: boolean } = {}): Promise<T> {
    const controller = new AbortController();
    this.controllers.set(jobId, controller);
    if (opts.supersede) {
      if (this.lastInteractive !== null) this.controllers.get(this.lastInteractive)?.abort();
      this.lastInteractive = jobId;
    }
    const result = this.tail
      .catch(() => undefined)
      .then(() => {
        if (controller.signal.aborted) throw cancelled();
        return work(controller.signal);
      });
    this.tail = result.catch(() => undefined);
    return result.finally(() => {
      this.controllers.delete(jobId);
      if (this.lastInteractive === jobId) this.lastInteractive = null;
    });
  }

  cancel(jobId: number): void {
    this.controllers.get(jobId)?.abort();
  }

  cancelAll(): void {
    for (const c of this.controllers.values()) c.abort();
  }
}

export function cancelled(): Error {
  const e = new Error('cancelled');
  e.name = 'CancelledError';
  return e;
}

export function isCancelled(e: unknown): boolean {
  return e instanceof Error && (e.name === 'CancelledError' || e.name === 'AbortError');
}

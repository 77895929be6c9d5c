import { describe, expect, it } from 'vitest';
import { JobQueue, isCancelled } from './job-queue';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('JobQueue', () => {
  it('runs jobs one after another', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const a = q.run(1, async () => {
      log.push('a0');
      await tick();
      log.push('a1');
      return 'a';
    });
    const b = q.run(2, async () => {
      log.push('b0');
      return 'b';
    });
    expect(await a).toBe('a');
    expect(await b).toBe('b');
    expect(log).toEqual(['a0', 'a1', 'b0']);
  });

  it('a newer interactive job aborts the older one', async () => {
    const q = new JobQueue();
    const a = q.run(
      1,
      async (signal) => {
        for (let i = 0; i < 20; i++) {
          await tick();
          if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'CancelledError' });
        }
        return 'a';
      },
      { supersede: true },
    );
    const b = q.run(2, async () => 'b', { supersede: true });
    await expect(a).rejects.toSatisfy(isCancelled);
    expect(await b).toBe('b');
  });

  it('cancel(jobId) aborts a queued job before it starts', async () => {
    const q = new JobQueue();
    let started = false;
    const a = q.run(1, async () => {
      await tick();
      return 1;
    });
    const b = q.run(2, async () => {
      started = true;
      return 2;
    });
    q.cancel(2);
    expect(await a).toBe(1);
    await expect(b).rejects.toSatisfy(isCancelled);
    expect(started).toBe(false);
  });
});

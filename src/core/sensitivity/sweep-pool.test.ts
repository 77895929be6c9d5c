import { describe, expect, it } from 'vitest';
import { CancelledError } from '../eval/evaluate';
import { portRunner, runPool, type SweepRunner, type UnitAnswers } from './sweep-pool';
import type { SweepUnit } from './shard';
import type { SensitivityRow } from './types';

const row = (parameter: string, sparsity: number): SensitivityRow => ({
  parameter,
  sparsity,
  top1: 90 - 100 * sparsity,
  top5: 99,
  loss: sparsity,
  n: 10,
});

/** Runs each level after `delay(unit)` ms; stops at the signal. */
function runner(delay: (u: SweepUnit) => number, seen: string[] = []): SweepRunner {
  return {
    async run(unit, onRow, signal) {
      seen.push(unit.tensor);
      for (const s of unit.levels) {
        await new Promise((r) => setTimeout(r, delay(unit)));
        if (signal.aborted) throw new CancelledError();
        onRow(row(unit.tensor, s));
      }
    },
  };
}

const units: SweepUnit[] = ['a', 'b', 'c', 'd'].map((tensor) => ({ tensor, levels: [0, 0.5, 0.9] }));
const inOrder = units.flatMap((u) => u.levels.map((s) => `${u.tensor}@${s}`));
const keys = (rows: SensitivityRow[]) => rows.map((r) => `${r.parameter}@${r.sparsity}`);

describe('runPool', () => {
  it('streams rows in sweep order whichever runner finishes first', async () => {
    const streamed: SensitivityRow[] = [];
    const slowA = (u: SweepUnit) => (u.tensor === 'a' ? 15 : 1);
    const seen: string[] = [];
    const rows = await runPool(units, [runner(slowA, seen), runner(slowA, seen)], {
      onRow: (r) => streamed.push(r),
    });
    expect(keys(rows)).toEqual(inOrder);
    expect(keys(streamed)).toEqual(inOrder);
    expect([...seen].sort()).toEqual(['a', 'b', 'c', 'd']); // each unit ran once
  });

  it('on cancel stops every runner and keeps the finished rows in order', async () => {
    const controller = new AbortController();
    const streamed: SensitivityRow[] = [];
    const run = runPool(units, [runner(() => 5), runner(() => 5)], {
      signal: controller.signal,
      onRow: (r) => {
        streamed.push(r);
        if (streamed.length === 3) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    const got = keys(streamed);
    expect(got.length).toBeGreaterThanOrEqual(3);
    expect(got.length).toBeLessThan(inOrder.length);
    expect(got).toEqual(inOrder.filter((k) => got.includes(k))); // a subsequence in sweep order
  });

  it("rejects with a runner's failure and stops the others", async () => {
    const failing: SweepRunner = {
      run: async () => {
        throw new Error('worker died');
      },
    };
    await expect(runPool(units, [failing, runner(() => 2)])).rejects.toThrow('worker died');
  });
});

describe('portRunner', () => {
  /** A worker that answers a unit with one row per level, one per tick, until stopped. */
  function fakePort() {
    const state = { to: null as UnitAnswers | null, stopped: false, posted: [] as string[] };
    return Object.assign(state, {
      port: {
        post(unit: SweepUnit) {
          state.posted.push(unit.tensor);
          let i = 0;
          const tick = () => {
            if (state.stopped || !state.to) return;
            if (unit.tensor === 'bad') return state.to.fail(new Error('bad tensor'));
            if (i < unit.levels.length) state.to.row(row(unit.tensor, unit.levels[i++]));
            else return state.to.done();
            setTimeout(tick, 5);
          };
          setTimeout(tick, 5);
        },
        answer: (to: UnitAnswers | null) => void (state.to = to),
        stop: () => void (state.stopped = true),
      },
    });
  }

  it('runs units through the port and keeps sweep order across two workers', async () => {
    const a = fakePort();
    const b = fakePort();
    const rows = await runPool(units, [portRunner(a.port), portRunner(b.port)]);
    expect(rows.map((r) => `${r.parameter}${r.sparsity}`)).toEqual(
      units.flatMap((u) => u.levels.map((s) => `${u.tensor}${s}`)),
    );
    expect(a.posted.length + b.posted.length).toBe(4);
    expect(a.to).toBeNull();
  });

  it('cancel stops every worker and keeps the rows that arrived', async () => {
    const ports = [fakePort(), fakePort()];
    const stop = new AbortController();
    const kept: SensitivityRow[] = [];
    const run = runPool(
      units,
      ports.map((p) => portRunner(p.port)),
      {
        signal: stop.signal,
        onRow: (r) => {
          kept.push(r);
          if (kept.length === 2) stop.abort();
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(ports.every((p) => p.stopped && p.to === null)).toBe(true);
    expect(kept.length).toBeGreaterThanOrEqual(2);
  });

  it("a worker's failure rejects the sweep with it", async () => {
    const run = runPool([{ tensor: 'bad', levels: [0] }], [portRunner(fakePort().port)]);
    await expect(run).rejects.toThrow('bad tensor');
  });
});

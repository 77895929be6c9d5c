import { describe, expect, it } from 'vitest';
import { CancelledError } from '../eval/evaluate';
import { runPool, type SweepRunner } from './sweep-pool';
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

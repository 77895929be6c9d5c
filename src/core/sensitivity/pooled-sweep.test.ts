import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { CancelledError } from '../eval/evaluate';
import { openModelFiles } from '../engine/open-model';
import { LayersEngine } from '../engine/tfjs-layers/layers-engine';
import { smallSequentialCnn } from '../graph/test-models';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import { pooledCells, sweepUnit, type PoolHandoff, type StartPool } from './pooled-sweep';
import { runSweep, type SweepData } from './sweep';
import type { SweepRunner } from './sweep-pool';
import type { SensitivityRow } from './types';

const LEVELS = [0, 0.3, 0.6, 0.9];

function data(n: number, labelled: boolean): SweepData {
  const x = tf.randomNormal([n, 8, 8, 2], 0, 1, 'float32', 3);
  const y = tf.tensor1d(
    Array.from({ length: n }, (_, i) => (i * 5) % 3),
    'int32',
  );
  if (labelled) return { x, y };
  y.dispose();
  return { x };
}

/**
 * Pool workers as a browser or the CLI starts them, in this process: each opens the handed-over files
 * as its own engine and sweeps units on its own copy of the data. `stopAfter` rows, the pool's owner
 * aborts (a user's cancel).
 */
function inProcessPool(count: number, seen: string[][]): StartPool {
  return async (h: PoolHandoff) => {
    const workers = await Promise.all(
      Array.from({ length: count }, async (_, w) => {
        const { engine } = await openModelFiles(h.files);
        const x = tf.tensor(h.x, h.shape);
        const y = h.y ? tf.tensor1d(h.y, 'int32') : undefined;
        seen[w] = [];
        const runner: SweepRunner = {
          run: async (unit, onRow, signal) => {
            seen[w].push(unit.tensor);
            await sweepUnit(engine, { x, y }, h.options, unit, onRow, signal);
          },
        };
        return { runner, close: () => (engine.dispose(), x.dispose(), y?.dispose()) };
      }),
    );
    return { runners: workers.map((w) => w.runner), close: async () => workers.forEach((w) => w.close()) };
  };
}

function expectSameRows(a: SensitivityRow[], b: SensitivityRow[]): void {
  expect(a.map((r) => [r.parameter, r.sparsity, r.n])).toEqual(b.map((r) => [r.parameter, r.sparsity, r.n]));
  for (let i = 0; i < a.length; i++) {
    expect(a[i].top1).toBeCloseTo(b[i].top1, 6);
    expect(a[i].top5).toBeCloseTo(b[i].top5, 6);
    expect(Math.abs(a[i].loss - b[i].loss)).toBeLessThan(1e-5);
    expect(Math.abs((a[i].kl ?? 0) - (b[i].kl ?? 0))).toBeLessThan(1e-5);
  }
}

describeEachBackend('pooledCells', () => {
  for (const labelled of [true, false]) {
    it(`gives runSweep's rows in sweep order on ${labelled ? 'labels' : 'agreement'}, tensors spread over 2 workers`, async () => {
      const engine = new LayersEngine(smallSequentialCnn());
      const d = data(24, labelled);
      const tensors = engine.tensors.map((t) => t.name);
      const opts = {
        tensors,
        levels: LEVELS,
        subset: 20,
        mode: labelled ? ('labels' as const) : ('agreement' as const),
      };
      const single = await runSweep(engine, d, opts);
      const seen: string[][] = [];
      const streamed: SensitivityRow[] = [];
      const progress: number[] = [];
      const pooled = await expectNoLeak(() =>
        pooledCells(inProcessPool(2, seen))(engine, d, {
          ...opts,
          onRow: (r) => streamed.push(r),
          onProgress: (p) => progress.push(p.evaluationsDone),
        }),
      );
      expectSameRows(pooled, single);
      expect(streamed).toEqual(pooled);
      expect(progress).toEqual(pooled.map((_, i) => i + 1));
      expect(seen.every((s) => s.length > 0)).toBe(true);
      expect(pooled.every((r) => r.n === 20)).toBe(true);
      d.x.dispose();
      d.y?.dispose();
      engine.dispose();
    });
  }

  it('cancel stops every worker, keeps the finished rows in sweep order and leaks nothing', async () => {
    const engine = new LayersEngine(smallSequentialCnn());
    const d = data(16, true);
    const tensors = engine.tensors.map((t) => t.name);
    const single = await runSweep(engine, d, { tensors, levels: LEVELS });
    const stop = new AbortController();
    const kept: SensitivityRow[] = [];
    await expectNoLeak(async () => {
      const run = pooledCells(inProcessPool(2, []))(engine, d, {
        tensors,
        levels: LEVELS,
        signal: stop.signal,
        onRow: (r) => {
          kept.push(r);
          if (kept.length === 5) stop.abort();
        },
      });
      await expect(run).rejects.toBeInstanceOf(CancelledError);
    });
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(kept.length).toBeLessThan(single.length);
    // every kept row is the sweep's row for its cell, and they come in sweep order
    const at = kept.map((k) => single.findIndex((r) => r.parameter === k.parameter && r.sparsity === k.sparsity));
    expect(at.every((i, j) => i >= 0 && (j === 0 || i > at[j - 1]))).toBe(true);
    expectSameRows(
      kept,
      at.map((i) => single[i]),
    );
    d.x.dispose();
    d.y?.dispose();
    engine.dispose();
  });
});

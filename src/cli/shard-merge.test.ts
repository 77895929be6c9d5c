import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_DIR } from './io';
import { mergeCommand } from './merge';
import { sensitivityCommand } from './sensitivity';

const hasLenet300 = existsSync(path.join(PUBLIC_DIR, 'models', 'lenet300', 'model.json'));
const quiet = { out: () => {}, err: () => {} };
const SWEEP = ['--model', 'demo:lenet300', '--levels', '0,0.3,0.6,0.9', '--subset', '200'];

describe('sharded sweeps', () => {
  it.skipIf(!hasLenet300)(
    '3 shards merged give the unsharded sweep, and a worker pool the same rows',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'shards-'));
      const file = (name: string) => path.join(dir, name);
      await sensitivityCommand([...SWEEP, '--workers', '1', '--out', file('whole.csv')], quiet);
      for (const i of [2, 0, 1])
        await sensitivityCommand([...SWEEP, '--shard', `${i}/3`, '--out', file(`s${i}.csv`)], quiet);
      // 3 tensors x 4 levels in 3 shards of 4 cells: the shards cut no tensor here, so check a cut one too
      expect(readFileSync(file('s1.csv'), 'utf8').split('\n')[0]).toMatch(/^# prunelab-shard \{"shard":"1\/3"/);
      await mergeCommand([file('s0.csv'), file('s1.csv'), file('s2.csv'), '--out', file('merged.csv')], quiet);
      const whole = readFileSync(file('whole.csv'), 'utf8');
      expect(whole.split('\n').length).toBe(1 + 12 + 1);
      expect(readFileSync(file('merged.csv'), 'utf8')).toBe(whole);

      // a missing shard and a shard of other data are refused
      await expect(mergeCommand([file('s0.csv'), file('s2.csv')], quiet)).rejects.toThrow(/1\/3 are missing/);
      await sensitivityCommand([...SWEEP.slice(0, -1), '150', '--shard', '1/3', '--out', file('other.csv')], quiet);
      await expect(mergeCommand([file('s0.csv'), file('other.csv'), file('s2.csv')], quiet)).rejects.toThrow(
        /data hashes differ/,
      );

      await sensitivityCommand([...SWEEP, '--workers', '2', '--out', file('pool.csv')], quiet);
      expect(readFileSync(file('pool.csv'), 'utf8')).toBe(whole);
    },
    240_000,
  );

  it('refuses --shard with an NNI CSV or an early stop, and a bad spec', async () => {
    await expect(sensitivityCommand([...SWEEP, '--shard', '3/3'], quiet)).rejects.toMatchObject({ exitCode: 2 });
    await expect(sensitivityCommand([...SWEEP, '--shard', '0/3', '--format', 'nni'], quiet)).rejects.toThrow(
      /Distiller CSV/,
    );
    await expect(sensitivityCommand([...SWEEP, '--shard', '0/3', '--min-top1', '50'], quiet)).rejects.toMatchObject({
      exitCode: 2,
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'shards-'));
    writeFileSync(path.join(dir, 'plain.csv'), 'parameter,sparsity,top1,top5,loss\na,0.00,1.00,2.00,0.1000\n');
    await expect(mergeCommand([path.join(dir, 'plain.csv')], quiet)).rejects.toThrow(/not a sweep shard/);
  });
});

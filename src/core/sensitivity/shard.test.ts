import { describe, expect, it } from 'vitest';
import { parseShard, shardUnits } from './shard';
import { mergeShards, toShardCsv, type ShardHeader } from './shard-csv';
import { toDistillerCsv, type SensitivityPoint } from './csv';

const tensors = ['a', 'b', 'c'];
const levels = [0, 0.25, 0.5, 0.75];

describe('shards of a sweep', () => {
  it('parses i/n, 0-based', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('5/5')).toThrow(/0-based/);
    expect(() => parseShard('1-3')).toThrow(/i\/n/);
    expect(() => parseShard('0/0')).toThrow(/at least 1/);
  });

  it('cuts the cells into contiguous runs that cover every cell once', () => {
    for (const n of [1, 2, 3, 5, 12, 13]) {
      const cells = Array.from({ length: n }, (_, i) => shardUnits(tensors, levels, { index: i, count: n })).flatMap(
        (units) => units.flatMap((u) => u.levels.map((l) => `${u.tensor}@${l}`)),
      );
      expect(cells).toEqual(tensors.flatMap((t) => levels.map((l) => `${t}@${l}`)));
    }
    // 12 cells in 3 shards: 4 each, one whole tensor each; in 5 shards the runs cut tensors
    expect(shardUnits(tensors, levels, { index: 1, count: 3 })).toEqual([{ tensor: 'b', levels }]);
    expect(shardUnits(tensors, levels, { index: 3, count: 5 })).toEqual([
      { tensor: 'b', levels: [0.75] },
      { tensor: 'c', levels: [0] },
    ]);
  });
});

describe('mergeShards', () => {
  const point = (parameter: string, sparsity: number): SensitivityPoint => ({
    parameter,
    sparsity,
    top1: 90 - 50 * sparsity,
    top5: 99,
    loss: 0.3 + sparsity,
  });
  const header = (i: number, n: number, patch: Partial<ShardHeader> = {}): ShardHeader => ({
    shard: `${i}/${n}`,
    model: 'm1',
    data: 'd1',
    settings: '{}',
    tensors,
    levels,
    ...patch,
  });
  const shard = (i: number, n: number, patch: Partial<ShardHeader> = {}) => ({
    name: `s${i}.csv`,
    text: toShardCsv(
      header(i, n, patch),
      shardUnits(tensors, levels, { index: i, count: n }).flatMap((u) => u.levels.map((l) => point(u.tensor, l))),
    ),
  });
  const whole = toDistillerCsv(tensors.flatMap((t) => levels.map((l) => point(t, l))));

  it('gives the unsharded CSV whatever the order of the files', () => {
    expect(mergeShards([shard(2, 5), shard(0, 5), shard(4, 5), shard(1, 5), shard(3, 5)])).toBe(whole);
  });

  it('refuses a missing, duplicated or foreign shard', () => {
    expect(() => mergeShards([shard(0, 3), shard(2, 3)])).toThrow(/1\/3 are missing/);
    expect(() => mergeShards([shard(0, 2), shard(0, 2), shard(1, 2)])).toThrow(/given twice/);
    expect(() => mergeShards([shard(0, 2), shard(1, 2, { model: 'm2' })])).toThrow(/model hashes differ/);
    expect(() => mergeShards([shard(0, 2), shard(1, 2, { data: 'd2' })])).toThrow(/data hashes differ/);
    expect(() => mergeShards([shard(0, 2), shard(1, 2, { levels: [0, 0.2, 0.5, 0.75] })])).toThrow(/levels differ/);
    expect(() => mergeShards([shard(0, 2), shard(1, 3)])).toThrow(/one of 2/);
    expect(() => mergeShards([{ name: 'plain.csv', text: whole }])).toThrow(/not a sweep shard/);
  });

  it('refuses a shard whose rows are not exactly its cells', () => {
    const cut = shard(1, 2);
    cut.text = cut.text.trimEnd().split('\n').slice(0, -1).join('\n') + '\n';
    expect(() => mergeShards([shard(0, 2), cut])).toThrow(/lacks 1 of its 6 rows/);
    const extra = shard(1, 2);
    extra.text += 'a,0.00,90.00,99.00,0.3000\n';
    expect(() => mergeShards([shard(0, 2), extra])).toThrow(/not a cell of shard 1\/2/);
  });
});

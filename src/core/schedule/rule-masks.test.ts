// Each pruner class a schedule rule can name, on hand-computed vectors and Distiller's formulas.
import { describe, expect, it } from 'vitest';
import { layoutOf, type SplicingStats } from '../pruning';
import type { ChannelStats } from '../training/activation-stats';
import { mergeRuleMask, ruleMasks, type MaskContext, type RuleTensor } from './rule-masks';
import type { PrunerConfig, ScheduleRule } from './schedule';

/** A dense kernel [in = 2, out = 4] in TF.js layout; filter j = column j. */
const W = Float32Array.from([0.1, -0.2, 0.3, -0.4, 0.5, 0.6, -0.7, 0.8]);
const dense = (name: string, w = W, shape = [2, 4]): RuleTensor => ({
  name,
  layout: layoutOf(shape),
  read: async () => w,
});
const keptFilters = (mask: Uint8Array, out = 4) =>
  Array.from({ length: out }, (_, j) => (mask[j] && mask[out + j] ? 1 : 0));

function ctx(over: Partial<MaskContext> = {}): MaskContext {
  return {
    epoch: 0,
    convention: 'distiller',
    seed: 7,
    denseStd: async () => 1,
    splicingStats: async () => ({ meanAbs: 0.45, stdAbs: 0.25 }),
    channelStats: async () => ({
      apoz: Float64Array.from([10, 80, 30, 90]),
      mean: Float64Array.from([5, 1, 3, 2]),
      samples: 8,
    }),
    gradient: async () => Float32Array.from([1, 1, 1, 1, -1, 1, 1, 1]),
    ...over,
  };
}

const rule = (pruner: PrunerConfig, when: ScheduleRule['when'] = { epochs: [0] }): ScheduleRule => ({
  name: 'r',
  pruner,
  tensors: ['a'],
  when,
});

describe('ruleMasks', () => {
  it('APoZ and mean rank filters by their channel statistic, pruning the int(s F) highest (Distiller)', async () => {
    const apoz = await ruleMasks(
      rule({ kind: 'ranked-filters', ranking: 'apoz', target: { sparsity: 0.5 } }),
      [dense('a')],
      ctx(),
      new Map(),
    );
    expect(keptFilters(apoz.get('a')!.mask)).toEqual([1, 0, 1, 0]);
    const mean = await ruleMasks(
      rule({ kind: 'ranked-filters', ranking: 'mean', target: { sparsity: 0.25 } }),
      [dense('a')],
      ctx(),
      new Map(),
    );
    expect(keptFilters(mean.get('a')!.mask)).toEqual([0, 1, 1, 1]);
  });

  it('gradient ranking: signed Σ w ⊙ grad per filter, the lowest pruned', async () => {
    // filter scores: 0.1 + 0.5 * -1 = -0.4, -0.2 + 0.6 = 0.4, 0.3 - 0.7 = -0.4, -0.4 + 0.8 = 0.4
    const m = await ruleMasks(
      rule({ kind: 'ranked-filters', ranking: 'gradient', target: { sparsity: 0.5 } }),
      [dense('a')],
      ctx(),
      new Map(),
    );
    expect(keptFilters(m.get('a')!.mask)).toEqual([0, 1, 0, 1]);
  });

  it('random and Bernoulli filters: int(s F) drawn; DropFilter rescales the kept by F / kept', async () => {
    const r = await ruleMasks(
      rule({ kind: 'ranked-filters', ranking: 'random', target: { sparsity: 0.5 } }),
      [dense('a')],
      ctx(),
      new Map(),
    );
    expect(keptFilters(r.get('a')!.mask).reduce<number>((a, b) => a + b, 0)).toBe(2);
    const b = (
      await ruleMasks(
        rule({ kind: 'ranked-filters', ranking: 'bernoulli', target: { sparsity: 0.5 } }),
        [dense('a')],
        ctx(),
        new Map(),
      )
    ).get('a')!;
    const kept = keptFilters(b.mask).reduce<number>((x, y) => x + y, 0);
    expect(b.scale).toBeCloseTo(kept ? 4 / kept : 0, 12);
  });

  it("an AGP ramp of ranked filters takes Distiller's target at the epoch", async () => {
    // s_i 0.05, s_f 0.91 over 0..18 every 2: 0.54719 at epoch 4 -> int(0.547 * 4) = 2 filters
    const p: PrunerConfig = {
      kind: 'ranked-filters',
      ranking: 'apoz',
      target: { initialSparsity: 0.05, finalSparsity: 0.91 },
    };
    const m = await ruleMasks(rule(p, { start: 0, end: 18, frequency: 2 }), [dense('a')], ctx({ epoch: 4 }), new Map());
    expect(keptFilters(m.get('a')!.mask)).toEqual([1, 0, 1, 0]);
  });

  it('random level: s ~ U(low, high), then the L1 ranking (low = high pins it)', async () => {
    // mean |w| per filter: 0.3, 0.4, 0.5, 0.6
    const m = await ruleMasks(
      rule({ kind: 'random-level', group: 'filters', low: 0.5, high: 0.5 }),
      [dense('a')],
      ctx(),
      new Map(),
    );
    expect(keptFilters(m.get('a')!.mask)).toEqual([0, 0, 1, 1]);
  });

  it('network surgery: 0 below a, 1 from b on, the previous mask between; the new mask replaces the old', async () => {
    // base = 0.45 + 1 * 0.25 = 0.7; a = 0.63, b = 0.77
    const p: PrunerConfig = {
      kind: 'splicing',
      sensitivities: { '*': 1 },
      lowThreshMult: 0.9,
      hiThreshMult: 1.1,
      sensitivityMultiplier: 0,
    };
    const previous = Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 0]);
    const m = (await ruleMasks(rule(p), [dense('a')], ctx(), new Map([['a', previous]]))).get('a')!;
    expect([...m.mask]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    // |w| = 0.7 lies between a and b: it keeps its previous value (0)
    expect(m.replace).toBe(true);
    expect([
      ...mergeRuleMask(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0]), {
        mask: Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1]),
        replace: true,
      }),
    ]).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    // sensitivity grows linearly: s (1 + (epoch - start) m)
    const grow: PrunerConfig = { ...p, sensitivityMultiplier: 0.5 };
    const stats: SplicingStats = { meanAbs: 0.45, stdAbs: 0.25 };
    // epoch 2: s = 1 * (1 + 2 * 0.5) = 2, base 0.95, a = 0.855 > every |w|: all pruned
    const g = (
      await ruleMasks(
        rule(grow, { epochs: [0, 2] }),
        [dense('a')],
        ctx({ epoch: 2, splicingStats: async () => stats }),
        new Map(),
      )
    ).get('a')!;
    expect([...g.mask]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('group thresholds (StructureParameterPruner): structures whose norm is <= the threshold', async () => {
    // Rows of a PyTorch dense [out, in] = output neurons = TF.js filters; Max |w|: 0.5, 0.6, 0.7, 0.8
    const p: PrunerConfig = {
      kind: 'structure-threshold',
      regimes: { a: { value: 0.65, group: 'Rows' } },
      criterion: 'Max',
    };
    const m = await ruleMasks(rule(p), [dense('a')], ctx(), new Map());
    expect(keptFilters(m.get('a')!.mask)).toEqual([0, 0, 1, 1]);
  });

  it("Baidu RNN: ε from Narang et al.'s slopes, |w| <= ε pruned", async () => {
    // q 1.6, start 0, end 4, freq 1, ramp offset 2, mult 2: start_slope = 3.2 / (4 + 6) = 0.32
    // epoch 1 (< ramp 2): ε = 0.32 * 2 = 0.64
    const p: PrunerConfig = { kind: 'baidu-rnn', q: 1.6, rampEpochOffset: 2, rampSlopeMult: 2 };
    const m = await ruleMasks(rule(p, { start: 0, end: 4, frequency: 1 }), [dense('a')], ctx({ epoch: 1 }), new Map());
    expect([...m.get('a')!.mask]).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it("blocks [1, 2, 1, 1]: a filter's 2 input channels form one block, mean |w| ranked", async () => {
    const p: PrunerConfig = { kind: 'blocks', blockShape: [1, 2, 1, 1], target: { sparsity: 0.5 } };
    const m = await ruleMasks(rule(p), [dense('a')], ctx(), new Map());
    expect(keptFilters(m.get('a')!.mask)).toEqual([0, 0, 1, 1]);
  });

  it('group_dependency Leader: the first tensor chooses the filters of all', async () => {
    const other = Float32Array.from([9, 9, 9, 9, 9, 9, 9, 0.01]);
    const p: PrunerConfig = {
      kind: 'structured',
      group: 'filters',
      norm: 'l1',
      sparsity: 0.5,
      groupDependency: 'leader',
    };
    const m = await ruleMasks({ ...rule(p), tensors: ['a', 'b'] }, [dense('a'), dense('b', other)], ctx(), new Map());
    expect(keptFilters(m.get('b')!.mask)).toEqual([0, 0, 1, 1]);
    const stats: ChannelStats = { apoz: Float64Array.from([0, 0, 0, 100]), mean: new Float64Array(4), samples: 1 };
    const a = await ruleMasks(
      {
        ...rule({ kind: 'ranked-filters', ranking: 'apoz', target: { sparsity: 0.25 }, groupDependency: 'leader' }),
        tensors: ['a', 'b'],
      },
      [dense('a'), dense('b', other)],
      ctx({ channelStats: async () => stats }),
      new Map(),
    );
    expect(keptFilters(a.get('b')!.mask)).toEqual([1, 1, 1, 0]);
  });
});

// The Distiller pruner body of the classes beyond the magnitude, level and L1/L2 families.
import type { PrunerConfig } from './schedule';

const RANKING_CLASSES = {
  apoz: 'ActivationAPoZRankedFilterPruner',
  mean: 'ActivationMeanRankedFilterPruner',
  gradient: 'GradientRankedFilterPruner',
  random: 'RandomRankedFilterPruner',
  bernoulli: 'BernoulliFilterPruner',
} as const;

const GROUPS = { filters: 'Filters', channels: 'Channels' } as const;

type Other = Extract<
  PrunerConfig,
  { kind: 'ranked-filters' | 'blocks' | 'random-level' | 'splicing' | 'structure-threshold' | 'baidu-rnn' }
>;

export function otherPrunerBody(
  p: Other,
  weights: () => string[],
  name: (tensor: string) => string,
): Record<string, unknown> {
  const leader = 'groupDependency' in p && p.groupDependency ? { group_dependency: 'Leader' } : {};
  switch (p.kind) {
    case 'ranked-filters': {
      const agp = !('sparsity' in p.target);
      const target =
        'sparsity' in p.target
          ? { desired_sparsity: p.target.sparsity }
          : { initial_sparsity: p.target.initialSparsity, final_sparsity: p.target.finalSparsity };
      return {
        class: `${RANKING_CLASSES[p.ranking]}${agp ? '_AGP' : ''}`,
        ...target,
        group_type: 'Filters',
        ...leader,
        weights: weights(),
      };
    }
    case 'blocks': {
      const target =
        'sparsity' in p.target
          ? { desired_sparsity: p.target.sparsity }
          : { initial_sparsity: p.target.initialSparsity, final_sparsity: p.target.finalSparsity };
      const agp = 'sparsity' in p.target ? '' : '_AGP';
      return {
        class: `L1RankedStructureParameterPruner${agp}`,
        ...target,
        group_type: 'Blocks',
        kwargs: { block_shape: p.blockShape },
        weights: weights(),
      };
    }
    case 'random-level':
      return {
        class: 'RandomLevelStructureParameterPruner',
        sparsity_range: [p.low, p.high],
        group_type: GROUPS[p.group],
        ...leader,
        weights: weights(),
      };
    case 'splicing':
      return {
        class: 'SplicingPruner',
        sensitivities: Object.fromEntries(Object.entries(p.sensitivities).map(([k, v]) => [name(k), v])),
        low_thresh_mult: p.lowThreshMult,
        hi_thresh_mult: p.hiThreshMult,
        sensitivity_multiplier: p.sensitivityMultiplier,
      };
    case 'structure-threshold':
      return {
        class: 'StructureParameterPruner',
        reg_regims: Object.fromEntries(Object.entries(p.regimes).map(([k, r]) => [name(k), [r.value, r.group]])),
        threshold_criteria: p.criterion,
      };
    case 'baidu-rnn':
      return {
        class: 'BaiduRNNPruner',
        q: p.q,
        ramp_epoch_offset: p.rampEpochOffset,
        ramp_slope_mult: p.rampSlopeMult,
        weights: weights(),
      };
  }
}

// A sparsity per tensor (proposed from sensitivity curves) as a plan: the structure the sweep
// measured, ranked and rounded as the ranking settings say, so the plan prunes what the curves measured.
import type { SensitivityGroup } from '../sensitivity/types';
import { methodFor, type RankingDefaults } from './method-info';
import { EMPTY_PLAN, withMethod, type PrunePlan } from './plan';

const CHOICE = { element: 'level', filter: 'filters', channel: 'channels' } as const;

export function planFromProposal(
  entries: readonly { parameter: string; sparsity: number }[],
  group: SensitivityGroup,
  ranking: RankingDefaults,
): PrunePlan {
  return entries
    .filter((e) => e.sparsity > 0)
    .reduce((plan, e) => withMethod(plan, e.parameter, methodFor(CHOICE[group], e.sparsity, ranking)), EMPTY_PLAN);
}

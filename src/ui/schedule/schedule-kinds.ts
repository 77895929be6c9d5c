// The schedule types the editor offers and the filter rankings it picks from. Ids live here; their names
// and notes live in the catalogue (`schedule.kind.<key>.label` / `.note`, `schedule.ranking.<id>`).
import type { FilterRanking } from '../../core/schedule/schedule';

export type ScheduleKind =
  | 'one-shot'
  | 'iterative'
  | 'agp'
  | 'polynomial-decay'
  | 'sensitivity'
  | 'ranked-filters'
  | 'random-level'
  | 'splicing';

/** A schedule type's catalogue key: `schedule.kind.<key>.label` and `.note`. */
export const KIND_KEY = {
  'one-shot': 'oneShot',
  iterative: 'iterative',
  agp: 'agp',
  'polynomial-decay': 'polynomialDecay',
  sensitivity: 'sensitivity',
  'ranked-filters': 'rankedFilters',
  'random-level': 'randomLevel',
  splicing: 'splicing',
} as const satisfies Record<ScheduleKind, string>;

/** The schedule types in the order the editor lists them. */
export const SCHEDULE_KINDS = Object.keys(KIND_KEY) as ScheduleKind[];

/** The filter rankings in the order the editor lists them; each is named by `schedule.ranking.<id>`. */
export const FILTER_RANKINGS: readonly FilterRanking[] = ['apoz', 'mean', 'gradient', 'random', 'bernoulli'];

// The schedule types the editor offers, with the note shown under the picker.
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

export const SCHEDULE_KINDS: { kind: ScheduleKind; label: string; note: string }[] = [
  {
    kind: 'one-shot',
    label: 'One-shot',
    note: 'Prune every selected tensor to the target sparsity at epoch 0, then fine-tune with the masks fixed.',
  },
  {
    kind: 'iterative',
    label: 'Iterative',
    note:
      "Han et al.'s prune → retrain → repeat: each step prunes to a higher sparsity, then fine-tunes for its " +
      'epochs.',
  },
  {
    kind: 'agp',
    label: 'AGP (Distiller)',
    note:
      "Zhu & Gupta's cubic ramp s = sf + (si − sf)(1 − (t − t0)/span)³, with Distiller's span = ⌊(end − start − " +
      '1)/frequency⌋·frequency; prunes at range(start, end, frequency).',
  },
  {
    kind: 'polynomial-decay',
    label: 'Polynomial decay (TF-MOT)',
    note:
      "TF-MOT's PolynomialDecay in epochs: s = sf + (si − sf)(1 − p)^power, p = clip((t − begin)/(end − begin), " +
      '0, 1); end inclusive.',
  },
  {
    kind: 'sensitivity',
    label: 'Sensitivity s·σ (Han)',
    note:
      'Han et al.: prune |w| ≤ s·σ, σ the std of each dense tensor measured once; re-applied every N epochs as ' +
      'fine-tuning moves weights.',
  },
  {
    kind: 'ranked-filters',
    label: 'Filters by activation, gradient or chance (Distiller)',
    note:
      "Distiller's ActivationAPoZ / ActivationMean / Gradient / RandomRanked FilterPruner_AGP and " +
      'BernoulliFilterPruner_AGP: the fraction of filters follows the AGP ramp; APoZ and mean activation are ' +
      'measured on the training data, gradient ranks by Σ w ⊙ grad, DropFilter rescales the kept filters.',
  },
  {
    kind: 'random-level',
    label: 'Random-level filters (Distiller)',
    note:
      'RandomLevelStructureParameterPruner: at each pruning epoch a sparsity s ~ U(low, high) is drawn, then ' +
      'the filters with the lowest mean |w| go.',
  },
  {
    kind: 'splicing',
    label: 'Network surgery (Distiller splicing)',
    note:
      "Guo et al.'s Dynamic Network Surgery (SplicingPruner): thresholds (mean + s·std of |w|) × [low, high]; " +
      'masks are recomputed every mini-batch on the unmasked weights (mask_on_forward_only, use_double_copies), ' +
      'so pruned weights can come back; the last mask is kept.',
  },
];

export const FILTER_RANKINGS: { ranking: FilterRanking; label: string }[] = [
  { ranking: 'apoz', label: 'APoZ (activations)' },
  { ranking: 'mean', label: 'Mean activation' },
  { ranking: 'gradient', label: 'Gradient (Σ w ⊙ grad)' },
  { ranking: 'random', label: 'Random' },
  { ranking: 'bernoulli', label: 'Bernoulli (DropFilter)' },
];

/** A schedule type's name and note in the catalogue: `schedule.kind.<key>.label` and `.note`. */
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

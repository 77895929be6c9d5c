import type { Convention } from '../types';
import type { StructureGroup, StructureNorm, TensorMethod } from './plan';

/** The methods a user can pick for a layer, with the one-line explanation shown next to them. */
export type MethodChoice =
  | 'level'
  | 'magnitude'
  | 'sensitivity'
  | 'random'
  | 'remaining'
  | 'global'
  | 'filters'
  | 'channels'
  | 'rows'
  | 'cols'
  | 'kernels'
  | 'depthwise'
  | 'nm';

export interface MethodInfo {
  choice: MethodChoice;
  label: string;
  explain: string;
  /** which tensor ranks it applies to */
  ranks: (2 | 4)[];
  /** what the slider sets */
  param: 'sparsity' | 's' | 'threshold' | 'amount' | 'nm';
}

export const METHODS: MethodInfo[] = [
  {
    choice: 'level',
    label: 'Level (magnitude, target sparsity)',
    param: 'sparsity',
    ranks: [2, 4],
    explain: 'Prunes the smallest |w| until the target sparsity is reached (Distiller SparsityLevelParameterPruner).',
  },
  {
    choice: 'magnitude',
    label: 'Magnitude threshold',
    param: 'threshold',
    ranks: [2, 4],
    explain: 'Prunes every weight with |w| ≤ λ (Distiller MagnitudeParameterPruner).',
  },
  {
    choice: 'sensitivity',
    label: 'Sensitivity (s·σ)',
    param: 's',
    ranks: [2, 4],
    explain: 'Han et al.: λ = s × the standard deviation of the dense weights; prunes |w| ≤ λ.',
  },
  {
    choice: 'random',
    label: 'Random (seeded)',
    param: 'sparsity',
    ranks: [2, 4],
    explain: 'Prunes a random k of the weights: the baseline every ranking should beat.',
  },
  {
    choice: 'remaining',
    label: 'Fraction of what remains',
    param: 'amount',
    ranks: [2, 4],
    explain: 'PyTorch semantics: each step prunes a fraction of the weights still left (0.5 twice = 0.75).',
  },
  {
    choice: 'global',
    label: 'Global magnitude',
    param: 'sparsity',
    ranks: [2, 4],
    explain:
      'One |w| ranking across every layer set to global (torch global_unstructured): layers get different sparsities.',
  },
  {
    choice: 'filters',
    label: 'Filters (output channels)',
    param: 'sparsity',
    ranks: [2, 4],
    explain:
      'Removes whole output channels with the lowest norm, with their bias, BatchNorm entry and the next layer’s ' +
      'inputs (Li et al. 2017).',
  },
  {
    choice: 'channels',
    label: 'Channels (input channels)',
    param: 'sparsity',
    ranks: [2, 4],
    explain: 'Removes whole input channels (input features of a dense layer) with the lowest norm.',
  },
  {
    choice: 'rows',
    label: 'Rows (dense inputs)',
    param: 'sparsity',
    ranks: [2],
    explain: 'Dense kernel [in, out] as stored: removes whole rows, i.e. input features.',
  },
  {
    choice: 'cols',
    label: 'Columns (dense outputs)',
    param: 'sparsity',
    ranks: [2],
    explain: 'Dense kernel [in, out] as stored: removes whole columns, i.e. output neurons.',
  },
  {
    choice: 'kernels',
    label: '2D kernels',
    param: 'sparsity',
    ranks: [4],
    explain: 'Removes whole kh×kw kernels (one input channel of one filter) with the lowest norm.',
  },
  {
    choice: 'depthwise',
    label: 'Depthwise channels (with their producer)',
    param: 'sparsity',
    ranks: [4],
    explain:
      'On a depthwise conv: removes the channels whose depthwise kernel has the lowest norm, with the matching ' +
      'filters of the layer that produces them and everything coupled to it (Torch-Pruning groups).',
  },
  {
    choice: 'nm',
    label: 'N:M (e.g. 2:4)',
    param: 'nm',
    ranks: [2, 4],
    explain: 'Keeps the N largest |w| in every group of M consecutive inputs: the pattern sparse tensor cores run.',
  },
];

export function methodInfo(choice: MethodChoice): MethodInfo {
  return METHODS.find((m) => m.choice === choice)!;
}

export function choiceOf(m: TensorMethod): MethodChoice | null {
  switch (m.kind) {
    case 'dense':
      return null;
    case 'structured':
      return m.group;
    default:
      return m.kind;
  }
}

export interface RankingDefaults {
  convention: Convention;
  norm: StructureNorm;
  normalize: 'mean' | 'raw';
}

export const DEFAULT_RANKING: RankingDefaults = { convention: 'distiller', norm: 'l1', normalize: 'mean' };

/** Builds the method for a choice and the slider's value, carrying the ranking and rounding settings. */
export function methodFor(choice: MethodChoice, value: number, r: RankingDefaults = DEFAULT_RANKING): TensorMethod {
  switch (choice) {
    case 'level':
    case 'random':
    case 'global':
      return { kind: choice, sparsity: value, convention: r.convention };
    case 'magnitude':
      return { kind: 'magnitude', threshold: value };
    case 'sensitivity':
      return { kind: 'sensitivity', s: value };
    case 'remaining':
      return { kind: 'remaining', amounts: [value], convention: r.convention };
    case 'nm':
      return { kind: 'nm', n: 2, m: 4 };
    default:
      return {
        kind: 'structured',
        group: choice as StructureGroup,
        sparsity: value,
        norm: r.norm,
        normalize: r.normalize,
        convention: r.convention,
      };
  }
}

/** The slider's value for a method (its main parameter). */
export function sliderValueOf(m: TensorMethod): number | null {
  switch (m.kind) {
    case 'level':
    case 'random':
    case 'global':
    case 'structured':
      return m.sparsity;
    case 'sensitivity':
      return m.s;
    case 'remaining':
      return m.amounts[m.amounts.length - 1];
    default:
      return null;
  }
}

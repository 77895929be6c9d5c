// Distiller names structure groups on PyTorch layouts (conv [out, in, kh, kw], dense [out, in]);
// PruneLab's StructureGroup names them on TF.js layouts. One table maps the first to the second.
import { PruningInputError } from './errors';
import type { StructureGroup } from './structures';

/** Group names Distiller's YAML uses (pruners, regularizers, StructureParameterPruner regimes). */
export const DISTILLER_GROUPS = [
  '2D',
  'Rows',
  'Cols',
  'Channels',
  'Filters',
  '3D',
  '4D',
  'Rows+Cols',
  'Blocks',
] as const;
export type DistillerGroup = (typeof DISTILLER_GROUPS)[number];

/**
 * The TF.js structure group a Distiller group names on a tensor of `rank` (2 = dense, 4 = conv):
 * - 'Filters' / '3D': output channels (dense: output neurons) -> 'filters';
 * - 'Channels': input channels (dense: input features, Distiller's 'Cols') -> 'channels';
 * - 'Rows' of a PyTorch dense [out, in] are output neurons -> 'filters'; 'Cols' are input features -> 'channels';
 * - '2D': one kh x kw kernel of a conv -> 'kernels'.
 * '4D' (the whole tensor), 'Rows+Cols' and 'Blocks' are not one group of structures: refused.
 */
export function structureGroupFor(group: DistillerGroup, rank: number): StructureGroup {
  const refuse = (why: string): never => {
    throw new PruningInputError(`Distiller group '${group}' on a rank-${rank} tensor: ${why}.`);
  };
  if (rank !== 2 && rank !== 4) refuse('only dense (rank 2) and conv (rank 4) kernels have structure groups');
  switch (group) {
    case 'Filters':
    case '3D':
      return 'filters';
    case 'Channels':
      return 'channels';
    case 'Rows':
      return rank === 2 ? 'filters' : refuse("'Rows' applies to dense kernels only");
    case 'Cols':
      return rank === 2 ? 'channels' : refuse("'Cols' applies to dense kernels only");
    case '2D':
      return rank === 4 ? 'kernels' : refuse("'2D' kernels exist in conv kernels only");
    default:
      return refuse('it is not a single group of structures');
  }
}

// Distiller's group thresholding (thresholding.py), used by StructureParameterPruner and by the
// regularizers' threshold_criteria: a structure is kept when its norm is above the threshold.
import { PruningInputError } from './errors';
import { layoutOf, structureLayout, type StructureGroup, type TensorLayout } from './structures';

/**
 * 'Mean_Abs' / 'Mean_L1': mean |w|; 'L1': Σ|w|; 'Mean_L2': L2 / element count; 'L2': L2; 'Max': max |w|.
 * ("Mean" divides the norm by the group's element count, as Distiller's length_normalized.)
 */
export const THRESHOLD_CRITERIA = ['Max', 'Mean_Abs', 'Mean_L1', 'L1', 'Mean_L2', 'L2'] as const;
export type ThresholdCriterion = (typeof THRESHOLD_CRITERIA)[number];

/** One norm per structure of `group`, by `criterion`, in double precision. */
export function groupNorms(
  w: ArrayLike<number>,
  shape: readonly number[] | TensorLayout,
  group: StructureGroup,
  criterion: ThresholdCriterion,
): Float64Array {
  if (!THRESHOLD_CRITERIA.includes(criterion))
    throw new PruningInputError(
      `Unknown threshold criterion ${String(criterion)}; expected ${THRESHOLD_CRITERIA.join(', ')}.`,
    );
  const { count, stride, size } = structureLayout(shape, group);
  if (w.length !== count * size)
    throw new PruningInputError(`Weight count ${w.length} does not match shape [${layoutOf(shape).shape.join(', ')}].`);
  const acc = new Float64Array(count);
  const l2 = criterion === 'L2' || criterion === 'Mean_L2';
  for (let i = 0; i < w.length; i++) {
    const j = Math.floor(i / stride) % count;
    const a = Math.abs(w[i]);
    if (criterion === 'Max') acc[j] = Math.max(acc[j], a);
    else acc[j] += l2 ? a * a : a;
  }
  for (let j = 0; j < count; j++) {
    const norm = l2 ? Math.sqrt(acc[j]) : acc[j];
    acc[j] = criterion.startsWith('Mean') ? norm / size : norm;
  }
  return acc;
}

/** Mask (1 = keep) keeping every structure whose norm is > threshold (group_threshold_mask). */
export function groupThresholdMask(
  w: ArrayLike<number>,
  shape: readonly number[] | TensorLayout,
  group: StructureGroup,
  threshold: number,
  criterion: ThresholdCriterion,
): Uint8Array {
  const norms = groupNorms(w, shape, group, criterion);
  const { count, stride } = structureLayout(shape, group);
  const mask = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) mask[i] = norms[Math.floor(i / stride) % count] > threshold ? 1 : 0;
  return mask;
}

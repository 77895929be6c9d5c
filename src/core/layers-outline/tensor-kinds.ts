// Kinds of tensors a person selects at once: all depthwise kernels, all 1×1 convolutions, the first or
// last layer, all dense layers.
import type { PrunableTensor } from '../types';

export type TensorKind = 'depthwise' | 'pointwise' | 'conv' | 'dense' | 'first' | 'last';

export const TENSOR_KINDS: { kind: TensorKind; label: string; explain: string }[] = [
  { kind: 'depthwise', label: 'depthwise', explain: 'depthwise kernels (one filter per channel)' },
  { kind: 'pointwise', label: '1×1', explain: '1×1 convolutions (pointwise)' },
  { kind: 'conv', label: 'k×k conv', explain: 'full convolutions with a kernel larger than 1×1' },
  { kind: 'dense', label: 'dense', explain: 'dense layers (matrix products)' },
  { kind: 'first', label: 'first', explain: 'the first prunable layer (it sees the input)' },
  { kind: 'last', label: 'last', explain: 'the last prunable layer (usually the classifier)' },
];

type KindFacts = Pick<PrunableTensor, 'name' | 'shape' | 'role' | 'axes'>;

/** A convolution whose every spatial dimension is 1. */
export function isPointwise(t: KindFacts): boolean {
  return t.role === 'conv' && t.axes.spatial.length > 0 && t.axes.spatial.every((a) => t.shape[a] === 1);
}

/** The kernel's spatial size, e.g. "3×3" (empty for a dense kernel). */
export function kernelSize(t: KindFacts): string {
  return t.axes.spatial.map((a) => t.shape[a]).join('×');
}

/** The tensors of a kind, in the order given (network order). */
export function tensorsOfKind(tensors: readonly KindFacts[], kind: TensorKind): string[] {
  if (!tensors.length) return [];
  if (kind === 'first') return [tensors[0].name];
  if (kind === 'last') return [tensors[tensors.length - 1].name];
  const test: (t: KindFacts) => boolean =
    kind === 'pointwise'
      ? isPointwise
      : kind === 'conv'
        ? (t) => t.role === 'conv' && !isPointwise(t)
        : (t) => t.role === kind;
  return tensors.filter(test).map((t) => t.name);
}

// Distiller's block pruning (rank_and_prune_blocks, group_type Blocks): the weights are cut into
// blocks of `repetitions` output channels x `depth` input channels at one kernel position
// (block_shape [r, d, 1, 1] on PyTorch's [out, in, kh, kw]); blocks are ranked by mean |w| and the
// lowest floor(s N) pruned, ties at the threshold with them. Works on canonical axes, any layout.
import type { Convention } from '../types';
import { PruningInputError } from './errors';
import { layoutOf, structuresToPrune, type TensorLayout } from './structures';

export function blockMask(
  w: ArrayLike<number>,
  tensor: readonly number[] | TensorLayout,
  blockShape: readonly number[],
  s: number,
  convention: Convention = 'distiller',
): Uint8Array {
  const { shape, axes } = layoutOf(tensor);
  const [r, d] = blockShape;
  const outN = shape[axes.out];
  const inN = shape[axes.in];
  if (outN % r !== 0 || inN % d !== 0)
    throw new PruningInputError(
      `Block shape [${blockShape.join(', ')}] does not tile a tensor of ${outN} output and ${inN} input channels.`,
    );
  const spatial = axes.spatial.map((a) => shape[a]);
  const positions = spatial.reduce((a, b) => a * b, 1);
  const rowBlocks = outN / r;
  const colBlocks = inN / d;
  const count = rowBlocks * colBlocks * positions;
  const strides = new Array<number>(shape.length);
  for (let k = shape.length - 1, acc = 1; k >= 0; k--) {
    strides[k] = acc;
    acc *= shape[k];
  }
  const blockOf = (i: number) => {
    const coord = (axis: number) => Math.floor(i / strides[axis]) % shape[axis];
    let pos = 0;
    for (const a of axes.spatial) pos = pos * shape[a] + coord(a);
    return (Math.floor(coord(axes.out) / r) * colBlocks + Math.floor(coord(axes.in) / d)) * positions + pos;
  };
  const ids = new Uint32Array(w.length);
  const sums = new Float64Array(count);
  for (let i = 0; i < w.length; i++) {
    ids[i] = blockOf(i);
    sums[ids[i]] += Math.abs(w[i]);
  }
  const dead = new Uint8Array(count);
  for (const j of structuresToPrune(sums, s, convention)) dead[j] = 1;
  const mask = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) mask[i] = dead[ids[i]] ? 0 : 1;
  return mask;
}

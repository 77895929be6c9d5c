import { PruningInputError } from './errors';

/** pruned = dense ⊙ mask, as a new array (the dense weights are never modified). */
export function applyMask(w: ArrayLike<number>, mask: Uint8Array): Float32Array {
  if (mask.length !== w.length)
    throw new PruningInputError(`Mask length ${mask.length} does not match weight count ${w.length}.`);
  const out = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = mask[i] ? w[i] : 0;
  return out;
}

/** Number of kept entries (mask = 1). */
export function countKept(mask: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) c++;
  return c;
}

/** Element-wise AND of two masks of the same length. */
export function andMasks(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length)
    throw new PruningInputError(`Cannot combine masks of lengths ${a.length} and ${b.length}.`);
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i] ? 1 : 0;
  return out;
}

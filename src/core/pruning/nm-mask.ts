// N:M sparsity along the input dimension: in every group of M consecutive inputs (conv: input
// channels at a fixed (kh, kw, out); dense: input features of one output neuron) keep the N largest
// |w|, the lower input index first among equals. The input count must be a multiple of M: a ragged
// last group has no hardware meaning, so it is refused rather than guessed.
import { PruningInputError } from './errors';

/** Whether an N:M pattern with group size m fits a [.., in, out] kernel. */
export function nmApplicable(shape: readonly number[], m: number): boolean {
  return (
    (shape.length === 2 || shape.length === 4) && Number.isInteger(m) && m >= 1 && shape[shape.length - 2] % m === 0
  );
}

export function nmMask(w: ArrayLike<number>, shape: readonly number[], n: number, m: number): Uint8Array {
  if (shape.length !== 2 && shape.length !== 4) {
    throw new PruningInputError(
      `N:M sparsity needs a dense kernel [in, out] or conv kernel [kh, kw, in, out]; got shape [${shape.join(', ')}].`,
    );
  }
  if (!Number.isInteger(m) || m < 1 || !Number.isInteger(n) || n < 0 || n > m) {
    throw new PruningInputError(`N:M needs integers 0 <= N <= M, M >= 1; got ${n}:${m}.`);
  }
  const out = shape[shape.length - 1];
  const inputs = shape[shape.length - 2];
  const outer = shape.length === 4 ? shape[0] * shape[1] : 1;
  if (w.length !== outer * inputs * out)
    throw new PruningInputError(`Weight count ${w.length} does not match shape [${shape.join(', ')}].`);
  if (inputs % m !== 0) {
    throw new PruningInputError(
      `${n}:${m} sparsity needs the input dimension (${inputs}) to be a multiple of ${m}, for shape ` +
        `[${shape.join(', ')}].`,
    );
  }
  const mask = new Uint8Array(w.length);
  const slot = new Array<number>(m);
  for (let o = 0; o < outer; o++) {
    for (let g = 0; g < inputs; g += m) {
      for (let f = 0; f < out; f++) {
        for (let r = 0; r < m; r++) slot[r] = (o * inputs + g + r) * out + f;
        // Stable descending sort by |w| keeps the lower input index first among equals.
        slot.sort((a, b) => Math.abs(w[b]) - Math.abs(w[a]) || a - b);
        for (let r = 0; r < n; r++) mask[slot[r]] = 1;
      }
    }
  }
  return mask;
}

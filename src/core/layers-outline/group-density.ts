// A folded block's density: the fraction of its members' weights still non-zero, over all of them.
import type { PrunableTensor, SparsityReport, TensorSparsity } from '../types';

export interface GroupDensity {
  numel: number;
  nnz: number;
  /** nnz / numel (1 for an empty group) */
  density: number;
}

/** Sparsity per tensor name; build it once per report. */
export function sparsityByName(report: SparsityReport | null): Map<string, TensorSparsity> {
  return new Map((report?.perTensor ?? []).map((t) => [t.name, t]));
}

/** Density over `members`; a tensor the report does not name is dense. */
export function groupDensity(
  members: readonly string[],
  sizeOf: ReadonlyMap<string, Pick<PrunableTensor, 'size'>>,
  sparsity: ReadonlyMap<string, TensorSparsity>,
): GroupDensity {
  let numel = 0;
  let nnz = 0;
  for (const name of members) {
    const sp = sparsity.get(name);
    const size = sp?.numel ?? sizeOf.get(name)?.size ?? 0;
    numel += size;
    nnz += sp ? sp.nnz : size;
  }
  return { numel, nnz, density: numel ? nnz / numel : 1 };
}

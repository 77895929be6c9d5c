import { levelMask, magnitudeMask } from '../pruning';
import type { PrunePlan, TensorMethod } from './plan';

function sameMethod(a: TensorMethod | undefined, b: TensorMethod): boolean {
  return JSON.stringify(a ?? { kind: 'dense' }) === JSON.stringify(b);
}

/**
 * Turns a plan into masks, recomputing only tensors whose method changed since `previous`.
 * Returns the masks to set: null = dense.
 */
export function masksForPlan(
  plan: PrunePlan,
  previous: PrunePlan | null,
  names: string[],
  dense: (name: string) => Float32Array,
): Map<string, Uint8Array | null> {
  const changed = new Map<string, Uint8Array | null>();
  for (const name of names) {
    const method = plan.tensors[name] ?? { kind: 'dense' };
    if (previous && sameMethod(previous.tensors[name], method)) continue;
    changed.set(name, maskFor(method, dense(name)));
  }
  return changed;
}

export function maskFor(method: TensorMethod, w: Float32Array): Uint8Array | null {
  switch (method.kind) {
    case 'dense':
      return null;
    case 'level':
      return method.sparsity === 0 ? null : levelMask(w, method.sparsity, method.convention ?? 'distiller');
    case 'magnitude':
      return magnitudeMask(w, method.threshold);
  }
}

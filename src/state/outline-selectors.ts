// Selectors of the model's outline and the views of it, memoized on the objects they derive from so
// hundreds of rows share one outline and one sparsity lookup.
import { buildOutline, sparsityByName, type LayerOutline } from '../core/layers-outline';
import type { ModelInfo } from '../core/lab/types';
import type { PrunableTensor, SparsityReport, TensorSparsity } from '../core/types';
import type { LabState } from './types';

function memoOn<K extends object, V>(derive: (k: K) => V): (k: K) => V {
  const cache = new WeakMap<K, V>();
  return (k) => {
    let v = cache.get(k);
    if (v === undefined) {
      v = derive(k);
      cache.set(k, v);
    }
    return v;
  };
}

const EMPTY_OUTLINE: LayerOutline = { groups: [], groupOf: new Map(), order: new Map() };
const outlineOf = memoOn((m: ModelInfo) => buildOutline(m.tensors, m.layers));
const tensorMapOf = memoOn((m: ModelInfo) => new Map(m.tensors.map((t) => [t.name, t])));
const sparsityMapOf = memoOn((r: SparsityReport) => sparsityByName(r));
const NO_TENSORS = new Map<string, PrunableTensor>();
const NO_SPARSITY = new Map<string, TensorSparsity>();

export const selectOutline = (s: Pick<LabState, 'model'>): LayerOutline =>
  s.model ? outlineOf(s.model) : EMPTY_OUTLINE;
export const selectTensorMap = (s: LabState): ReadonlyMap<string, PrunableTensor> =>
  s.model ? tensorMapOf(s.model) : NO_TENSORS;
export const selectSparsityMap = (s: LabState): ReadonlyMap<string, TensorSparsity> =>
  s.sparsity ? sparsityMapOf(s.sparsity) : NO_SPARSITY;

/** Models with more prunable tensors than this open with their blocks folded. */
export const FOLD_FROM = 24;

/**
 * Whether a block is open: as set by hand on this model, else open while a search shows its matches,
 * else open on small models only.
 */
export function isGroupOpen(s: Pick<LabState, 'model' | 'groupsOpen'>, id: string, searching = false): boolean {
  const set = s.groupsOpen.model === s.model ? s.groupsOpen.open[id] : undefined;
  return set ?? (searching || (s.model?.tensors.length ?? 0) <= FOLD_FROM);
}

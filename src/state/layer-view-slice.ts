// How the tensor lists are viewed: the search words, which blocks are open, and the tensor a chart
// click asked to show. Blocks start folded on a model with more than FOLD_FROM tensors (see isGroupOpen).
import type { ModelInfo } from '../core/lab/types';
import type { LabSlice } from './store-context';
import { selectOutline } from './outline-selectors';

export interface LayerViewState {
  /** the words of the search box every tensor list shares */
  layerQuery: string;
  /** blocks opened (true) or folded (false) by hand, on the model they were set for */
  groupsOpen: { model: ModelInfo | null; open: Record<string, boolean> };
  /** the tensor a click on a chart asked to show; `at` tells a second click on it from the first */
  revealed: { name: string; at: number } | null;
}

export interface LayerViewSlice extends LayerViewState {
  setLayerQuery(query: string): void;
  /** opens or folds blocks by id */
  setGroupsOpen(ids: readonly string[], open: boolean): void;
  /** opens the tensor's block and asks the layer table to scroll to it */
  revealTensor(name: string): void;
}

export const initialLayerView: LayerViewState = {
  layerQuery: '',
  groupsOpen: { model: null, open: {} },
  revealed: null,
};

export const createLayerViewSlice: LabSlice<LayerViewSlice> = () => (set, get) => {
  const openOnModel = (s: { model: ModelInfo | null; groupsOpen: LayerViewState['groupsOpen'] }) =>
    s.groupsOpen.model === s.model ? s.groupsOpen.open : {};
  return {
    ...initialLayerView,
    setLayerQuery(layerQuery) {
      set({ layerQuery });
    },
    setGroupsOpen(ids, open) {
      set((s) => {
        const next = { ...openOnModel(s) };
        for (const id of ids) next[id] = open;
        return { groupsOpen: { model: s.model, open: next } };
      });
    },
    revealTensor(name) {
      const group = selectOutline(get()).groupOf.get(name);
      if (group) get().setGroupsOpen([group], true);
      set({ revealed: { name, at: Date.now() } });
    },
  };
};

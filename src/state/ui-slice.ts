// Which view and which inspect tab are open.
import type { LabSlice } from './store-context';
import type { InspectTab, View } from './types';

export interface UiState {
  view: View;
  inspectTab: InspectTab;
}

export interface UiSlice extends UiState {
  setView(view: View): void;
  /** opens a tab and fetches its view of the current weights */
  setInspectTab(tab: InspectTab): void;
}

export const initialUi: UiState = { view: 'prune', inspectTab: 'sparsity-table' };

export const createUiSlice: LabSlice<UiSlice> = () => (set, get) => ({
  ...initialUi,
  setView(view) {
    set({ view });
  },
  setInspectTab(tab) {
    set({ inspectTab: tab });
    void get().refreshInspect();
  },
});

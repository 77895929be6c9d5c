// Which view and which inspect tab are open; the lesson step, presenter mode and the theme.
import type { LabSlice } from './store-context';
import type { InspectTab, Theme, View } from './types';

export interface UiState {
  view: View;
  inspectTab: InspectTab;
  /** the lesson panel's open step (0-based), or null when the lesson is closed */
  lessonStep: number | null;
  /** large type, high contrast, advanced controls folded away */
  presenter: boolean;
  theme: Theme;
}

export interface UiSlice extends UiState {
  setView(view: View): void;
  /** opens a tab and fetches its view of the current weights */
  setInspectTab(tab: InspectTab): void;
  setLessonStep(step: number | null): void;
  setPresenter(on: boolean): void;
  setTheme(theme: Theme): void;
}

export const initialUi: UiState = {
  view: 'prune',
  inspectTab: 'sparsity-table',
  lessonStep: null,
  presenter: false,
  theme: 'light',
};

export const createUiSlice: LabSlice<UiSlice> = () => (set, get) => ({
  ...initialUi,
  setView(view) {
    set({ view });
  },
  setInspectTab(tab) {
    set({ inspectTab: tab });
    void get().refreshInspect();
  },
  setLessonStep(lessonStep) {
    set({ lessonStep });
  },
  setPresenter(presenter) {
    set({ presenter });
  },
  setTheme(theme) {
    set({ theme });
  },
});

// What each shortcut does, through the store's actions.
import { LESSON_STEPS } from '../../core/lesson/lesson-steps';
import { i18n } from '../../i18n/i18n';
import type { LabState, View } from '../../state/types';
import { toggleTheme } from '../app/theme-choice';
import { runMainAction } from './main-action';
import type { ShortcutId } from './registry';

/** The lesson's steps are 0..LAST_LESSON_STEP. */
export const LAST_LESSON_STEP = LESSON_STEPS.length - 1;

const VIEW_OF: Partial<Record<ShortcutId, View>> = {
  viewPrune: 'prune',
  viewSensitivity: 'sensitivity',
  viewSchedule: 'schedule',
};

/** Performs a shortcut on the store's current state; false when it had nothing to do (the key is left alone). */
export function runShortcut(id: ShortcutId, s: LabState, openHelp: () => void): boolean {
  const view = VIEW_OF[id];
  if (view) {
    s.setView(view);
    return true;
  }
  switch (id) {
    case 'help':
      openHelp();
      return true;
    case 'lessonNext':
    case 'lessonPrevious': {
      if (s.lessonStep === null) return false;
      const next = s.lessonStep + (id === 'lessonNext' ? 1 : -1);
      s.setLessonStep(Math.min(LAST_LESSON_STEP, Math.max(0, next)));
      return true;
    }
    case 'undo':
      s.undo();
      return true;
    case 'reset':
      s.reset();
      return true;
    case 'run':
      if (!runMainAction(s.view)) s.notify('info', i18n.t('presenter.nothingToRun'));
      return true;
    case 'togglePresenter':
      s.setPresenter(!s.presenter);
      return true;
    case 'toggleTheme':
      toggleTheme(s);
      return true;
    default:
      return false;
  }
}

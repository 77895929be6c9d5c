import { useTranslation } from 'react-i18next';
import { useLab, useLabActions } from '../shared/use-lab';

/** The top bar's "Lesson" button: opens the lesson at its first step, or closes it. */
export function LessonToggle() {
  const { t } = useTranslation();
  const open = useLab((s) => s.lessonStep !== null);
  const { setLessonStep } = useLabActions();
  return (
    <button
      type="button"
      className={open ? 'btn lesson-toggle active' : 'btn lesson-toggle'}
      aria-pressed={open}
      title={t('lesson.toggleTitle')}
      onClick={() => setLessonStep(open ? null : 0)}
    >
      {t('lesson.toggle')}
    </button>
  );
}

import { lazy, Suspense, type ReactNode } from 'react';
import { useLab } from '../shared/use-lab';

// KaTeX and the lesson load when the lesson first opens
const LessonPanel = lazy(() => import('./LessonPanel').then((m) => ({ default: m.LessonPanel })));

/**
 * The current view, with the lesson panel beside it while the lesson is open. The view keeps its
 * place in the tree either way, so opening or closing the lesson does not reset what it holds.
 */
export function LessonLayout({ children }: { children: ReactNode }) {
  const open = useLab((s) => s.lessonStep !== null);
  return (
    <div className={open ? 'lesson-layout' : undefined}>
      <div className="lesson-view">{children}</div>
      {open && (
        <Suspense fallback={null}>
          <LessonPanel />
        </Suspense>
      )}
    </div>
  );
}

import { lazy, Suspense, type ReactNode } from 'react';
import { useLab } from '../shared/use-lab';

// KaTeX and the lesson load when the lesson first opens
const LessonPanel = lazy(() => import('./LessonPanel').then((m) => ({ default: m.LessonPanel })));

/** The current view, with the lesson panel beside it while the lesson is open. */
export function LessonLayout({ children }: { children: ReactNode }) {
  const open = useLab((s) => s.lessonStep !== null);
  if (!open) return <>{children}</>;
  return (
    <div className="lesson-layout">
      <div className="lesson-view">{children}</div>
      <Suspense fallback={null}>
        <LessonPanel />
      </Suspense>
    </div>
  );
}

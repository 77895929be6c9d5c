import './base.css';
import './notices.css';
import '../shared/controls.css';
import '../shared/charts.css';
import { useEffect } from 'react';
import { PruneView } from '../prune/PruneView';
import { ScheduleView } from '../schedule/ScheduleView';
import { SensitivityView } from '../sensitivity/SensitivityView';
import { useLab, useLabActions } from '../shared/use-lab';
import { LessonLayout } from '../lesson/LessonLayout';
import { DropZone } from './DropZone';
import { Notices } from './Notices';
import { TopBar } from './TopBar';
// after the views' styles: it narrows their tables and grids
import './compact.css';

export function App() {
  const view = useLab((s) => s.view);
  const { undo } = useLabActions();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text') return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);

  return (
    <DropZone>
      <TopBar />
      <Notices />
      <LessonLayout>
        {view === 'prune' && <PruneView />}
        {view === 'sensitivity' && <SensitivityView />}
        {view === 'schedule' && <ScheduleView />}
      </LessonLayout>
    </DropZone>
  );
}

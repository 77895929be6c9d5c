import { useEffect } from 'react';
import { PruneView } from '../prune/PruneView';
import { ScheduleView } from '../schedule/ScheduleView';
import { SensitivityView } from '../sensitivity/SensitivityView';
import { useLab, useLabActions } from '../shared/use-lab';
import { DropZone } from './DropZone';
import { Notices } from './Notices';
import { TopBar } from './TopBar';

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
      {view === 'prune' && <PruneView />}
      {view === 'sensitivity' && <SensitivityView />}
      {view === 'schedule' && <ScheduleView />}
    </DropZone>
  );
}

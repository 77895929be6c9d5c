import './theme.css';
import './base.css';
import './presenter.css';
import './notices.css';
import '../shared/controls.css';
import '../shared/charts.css';
import { useEffect } from 'react';
import { PruneView } from '../prune/PruneView';
import { ScheduleView } from '../schedule/ScheduleView';
import { SensitivityView } from '../sensitivity/SensitivityView';
import { useLab } from '../shared/use-lab';
import { LessonLayout } from '../lesson/LessonLayout';
import { DropZone } from './DropZone';
import { Notices } from './Notices';
import { TopBar } from './TopBar';
// after the views' styles: it narrows their tables and grids
import './compact.css';

export function App() {
  const view = useLab((s) => s.view);
  const theme = useLab((s) => s.theme);
  const presenter = useLab((s) => s.presenter);
  // the theme and presenter mode style the whole document (theme.css)
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.toggleAttribute('data-presenter', presenter);
  }, [theme, presenter]);

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

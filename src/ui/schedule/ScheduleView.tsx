import { useTranslation } from 'react-i18next';
import { selectModelName } from '../../state/selectors';
import './schedule.css';
import { CheckpointList } from './CheckpointList';
import { HanExperimentPanel } from './HanExperimentPanel';
import { LiExperimentPanel } from './LiExperimentPanel';
import { RunTimeline } from './RunTimeline';
import { ScheduleEditor } from './ScheduleEditor';
import { SchedulePreviewChart } from './SchedulePreviewChart';
import { TrainSettings } from './TrainSettings';
import { PresenterFold } from '../app/PresenterFold';
import { useLab } from '../shared/use-lab';
import { viewPanelId, viewTabId } from '../app/ViewTabs';

/** Pruning schedules with masked fine-tuning, and Han's one-shot vs iterative experiment. */
export function ScheduleView() {
  const opening = useLab((s) => s.opening);
  const { t } = useTranslation();
  const modelName = useLab(selectModelName);
  const runKind = useLab((s) => s.run?.kind ?? 'schedule');
  return (
    <main
      className="layout layout-single"
      role="tabpanel"
      id={viewPanelId('schedule')}
      aria-labelledby={viewTabId('schedule')}
    >
      <div className="schedule-view">
        <div className="main-col">
          {opening && (
            <div className="loading" role="status">
              {t('prune.loading', { name: opening })}
            </div>
          )}
          <ScheduleEditor key={modelName} />
          <SchedulePreviewChart />
          <RunTimeline kind={runKind} />
          <CheckpointList />
        </div>
        <aside className="side-col">
          <PresenterFold>
            <TrainSettings />
          </PresenterFold>
          <HanExperimentPanel />
          <LiExperimentPanel />
        </aside>
      </div>
    </main>
  );
}

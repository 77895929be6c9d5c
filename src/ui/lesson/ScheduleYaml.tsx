import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab, useLabActions } from '../shared/use-lab';

/** The schedule in the editor as the Distiller YAML it exports. */
export function ScheduleYaml() {
  const { t } = useTranslation();
  const schedule = useLab((s) => s.schedule);
  const epochs = useLab((s) => s.scheduleEpochs);
  const model = useLab((s) => s.model);
  const { exportScheduleYaml } = useLabActions();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the YAML follows the schedule, its epochs and the model
  const yaml = useMemo(() => exportScheduleYaml(), [schedule, epochs, model, exportScheduleYaml]);
  if (yaml === null) return null;
  return (
    <figure className="lesson-yaml">
      <figcaption>{t('lesson.yaml')}</figcaption>
      <pre tabIndex={0} data-testid="lesson-yaml">
        {yaml}
      </pre>
    </figure>
  );
}

// The saved session: how saving stands, and "Clear saved session" (forget it and start clean).
import './session.css';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { clearSavedSession } from '../../session/session-handle';
import { sessionStatus } from '../../session/session-status';
import { ExportReport } from './ExportReport';

export function SessionControls() {
  const { t, i18n } = useTranslation();
  const { state, savedAt } = useStore(sessionStatus);
  const time = savedAt ? new Date(savedAt).toLocaleTimeString(i18n.language, { timeStyle: 'short' }) : '';
  return (
    <div className="session-controls" role="group" aria-label={t('session.controls.label')}>
      <span className={`session-state session-${state}`} role="status" data-state={state}>
        {t(`session.controls.state.${state}`, { time })}
      </span>
      <button
        type="button"
        className="btn btn-small"
        title={t('session.controls.clearTitle')}
        disabled={state === 'off'}
        onClick={async () => {
          if (await clearSavedSession()) window.location.replace(window.location.pathname);
        }}
      >
        {t('session.controls.clear')}
      </button>
      <ExportReport />
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { selectNotices } from '../../state/selectors';
import { useLab, useLabActions } from '../shared/use-lab';

export function Notices() {
  const notices = useLab(selectNotices);
  const { dismiss } = useLabActions();
  const { t } = useTranslation();
  if (!notices.length) return null;
  return (
    <div className="notices" aria-live="assertive">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" className="btn btn-small" aria-label={t('app.dismiss')} onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

import { useTranslation } from 'react-i18next';

/** The workers a sweep is spread over: the app's measured default, or a number the user picks. */
export function SweepWorkersField(props: {
  value: number | undefined;
  onChange: (workers: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const cores = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1));
  return (
    <label className="field">
      <span>{t('parallel.workers.label')}</span>
      <select
        aria-label={t('parallel.workers.label')}
        title={t('parallel.workers.hint')}
        value={props.value === undefined ? 'auto' : String(props.value)}
        onChange={(e) => props.onChange(e.target.value === 'auto' ? undefined : Number(e.target.value))}
      >
        <option value="auto">{t('parallel.workers.auto')}</option>
        {Array.from({ length: cores }, (_, i) => i + 1).map((n) => (
          <option key={n} value={n}>
            {t('parallel.workers.count', { count: n })}
          </option>
        ))}
      </select>
    </label>
  );
}

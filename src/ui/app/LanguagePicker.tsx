import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, isLanguage } from '../../i18n/i18n';

/** English or Korean, switchable at any time; the choice is remembered. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="field">
      <span>{t('app.language')}</span>
      <select
        aria-label={t('app.language')}
        value={i18n.language}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.id} value={l.id} lang={l.id} translate="no">
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}

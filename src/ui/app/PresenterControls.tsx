import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShortcuts } from '../shortcuts/use-shortcuts';
import { useLab, useLabActions } from '../shared/use-lab';
import { ShortcutHelp } from './ShortcutHelp';
import { toggleTheme } from './theme-choice';

/** The top bar's presenter and theme toggles, the shortcuts' help, and the page's keyboard shortcuts. */
export function PresenterControls() {
  const { t } = useTranslation();
  const presenter = useLab((s) => s.presenter);
  const theme = useLab((s) => s.theme);
  const actions = useLabActions();
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  useShortcuts(openHelp, !help);

  return (
    <div className="presenter-controls" role="group" aria-label={t('presenter.displayGroup')}>
      <button
        type="button"
        className="btn"
        aria-pressed={presenter}
        title={t('presenter.presenterHint')}
        onClick={() => actions.setPresenter(!presenter)}
      >
        {t('presenter.presenterMode')}
      </button>
      <button type="button" className="btn" aria-pressed={theme === 'dark'} onClick={() => toggleTheme(actions)}>
        {t('presenter.darkTheme')}
      </button>
      <button
        type="button"
        className="btn"
        aria-haspopup="dialog"
        aria-label={t('presenter.helpTitle')}
        title={t('presenter.helpTitle')}
        onClick={openHelp}
      >
        ?
      </button>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}

import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS, chordLabel } from '../shortcuts/registry';

const isMac = () => /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

/** The keyboard shortcuts as a modal dialog: focus stays inside, Esc or Close closes it, focus returns. */
export function ShortcutHelp(props: { onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const { onClose } = props;

  useEffect(() => {
    const d = dialog.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => before?.focus();
  }, []);

  // Tab and Shift+Tab cycle inside the dialog; Esc closes it (the dialog's cancel event).
  const trap = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === '?') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !dialog.current) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>('button, [href], [tabindex]:not([tabindex="-1"])')];
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  };

  const mac = isMac();
  return (
    <dialog
      ref={dialog}
      className="shortcut-help"
      aria-labelledby="shortcut-help-title"
      aria-describedby="shortcut-help-intro"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={trap}
    >
      <div className="shortcut-help-head">
        <h2 id="shortcut-help-title">{t('presenter.helpTitle')}</h2>
        <button type="button" className="btn" onClick={onClose} autoFocus>
          {t('presenter.close')}
        </button>
      </div>
      <p id="shortcut-help-intro" className="hint">
        {t('presenter.helpIntro')}
      </p>
      <table className="shortcut-table">
        <thead>
          <tr>
            <th scope="col">{t('presenter.keys')}</th>
            <th scope="col">{t('presenter.action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id}>
              <td>
                {s.keys.map((k) => (
                  <kbd key={chordLabel(k, mac)}>{chordLabel(k, mac)}</kbd>
                ))}
              </td>
              <th scope="row">{t(`presenter.shortcut.${s.id}`)}</th>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}

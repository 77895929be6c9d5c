import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from '../shared/use-lab';

/**
 * Advanced controls that presenter mode folds behind a "More" disclosure; outside presenter mode
 * they show as they are. The children stay mounted either way, so nothing they hold is lost.
 */
export function PresenterFold(props: { children: ReactNode; label?: string }) {
  const { t } = useTranslation();
  const presenter = useLab((s) => s.presenter);
  const [open, setOpen] = useState(false);
  return (
    <details
      className={presenter ? 'presenter-fold' : 'presenter-fold unfolded'}
      open={!presenter || open}
      onToggle={(e) => {
        if (presenter) setOpen(e.currentTarget.open);
      }}
    >
      <summary hidden={!presenter}>{props.label ?? t('presenter.more')}</summary>
      {props.children}
    </details>
  );
}

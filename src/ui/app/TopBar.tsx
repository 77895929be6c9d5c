import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMO_MODELS, type DemoId } from '../../state/types';
import { useLab, useLabActions } from '../shared/use-lab';
import { BackendPicker } from './BackendPicker';
import { readDroppedFiles } from '../shared/read-files';
import { ViewTabs } from './ViewTabs';
import { LanguagePicker } from './LanguagePicker';
import { PresenterControls } from './PresenterControls';
import { LessonToggle } from '../lesson/LessonToggle';
import { SessionControls } from './SessionControls';

export function TopBar() {
  const modelSource = useLab((s) => s.modelSource);
  const opening = useLab((s) => s.opening);
  const { selectDemo, openFiles } = useLabActions();
  const input = useRef<HTMLInputElement>(null);
  const demoValue = modelSource?.kind === 'demo' ? modelSource.id : '';
  const { t } = useTranslation();

  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden>
          ✂
        </span>
        <span className="brand-name">PruneLab</span>
        <span className="brand-sub">{t('app.brandSub')}</span>
      </div>
      <ViewTabs />
      <div className="topbar-controls">
        <label className="field">
          <span>{t('app.demoModel')}</span>
          <select
            aria-label={t('app.demoModel')}
            value={demoValue}
            disabled={opening !== null}
            onChange={(e) => void selectDemo(e.target.value as DemoId)}
          >
            {demoValue === '' && <option value="">{modelSource?.kind === 'files' ? modelSource.name : '—'}</option>}
            {DEMO_MODELS.map((m) => (
              <option key={m.id} value={m.id}>
                {t(`app.demo.${m.key}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={() => input.current?.click()}>
          {t('app.openModelOrData')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label={t('app.modelOrDataFiles')}
          accept=".json,.bin,.onnx,.data,.h5,.keras,.gz,.idx,application/json,application/octet-stream,application/gzip"
          onChange={async (e) => {
            const files = await readDroppedFiles(e.target.files);
            e.target.value = '';
            if (files.length) void openFiles(files);
          }}
        />
        <BackendPicker />
        <LessonToggle />
        <LanguagePicker />
        <SessionControls />
        <PresenterControls />
      </div>
    </header>
  );
}

import { useRef } from 'react';
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

  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden>
          ✂
        </span>
        <span className="brand-name">PruneLab</span>
        <span className="brand-sub">interactive neural-network pruning</span>
      </div>
      <ViewTabs />
      <div className="topbar-controls">
        <label className="field">
          <span>Demo model</span>
          <select
            aria-label="Demo model"
            value={demoValue}
            disabled={opening !== null}
            onChange={(e) => void selectDemo(e.target.value as DemoId)}
          >
            {demoValue === '' && <option value="">{modelSource?.kind === 'files' ? modelSource.name : '—'}</option>}
            {DEMO_MODELS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={() => input.current?.click()}>
          Open model or data…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Model or data files"
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

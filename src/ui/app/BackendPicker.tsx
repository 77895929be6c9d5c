import { useTranslation } from 'react-i18next';
import type { BackendRequest } from '../../worker/protocol';
import { useLab, useLabActions } from '../shared/use-lab';
import { PresenterFold } from './PresenterFold';
import { runtimeSummary } from './runtime-summary';

// the names of the technologies stay as they are in every language
const OPTIONS: { value: BackendRequest; label?: string }[] = [
  { value: 'auto' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'WebAssembly' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'cpu' },
];

export function BackendPicker() {
  const request = useLab((s) => s.backendRequest);
  const runtime = useLab((s) => s.runtime);
  const status = useLab((s) => s.workerStatus);
  const { setBackend } = useLabActions();
  const { t } = useTranslation();
  return (
    <div className="backend">
      {/* presenter mode folds the choice away; the active backend stays in view */}
      <PresenterFold>
        <label className="field">
          <span>{t('app.backend.label')}</span>
          <select
            aria-label={t('app.backend.label')}
            value={request}
            disabled={status === 'starting' || status === 'restarting'}
            onChange={(e) => void setBackend(e.target.value as BackendRequest)}
          >
            {OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label ?? (o.value === 'auto' ? t('app.backend.auto') : t('app.backend.cpu'))}
              </option>
            ))}
          </select>
        </label>
      </PresenterFold>
      <div className="runtime" role="status" aria-label={t('app.backend.active')} title={runtime?.reason}>
        {status === 'starting' || status === 'restarting' ? (
          <span className="pill pill-busy">{t(`app.backend.${status}`)}</span>
        ) : runtime ? (
          <>
            <span
              className={`pill ${runtime.softwareAdapter && runtime.backend === 'webgpu' ? 'pill-warn' : 'pill-ok'}`}
              data-testid="active-backend"
            >
              {runtime.backend}
            </span>
            {runtime.threads !== undefined && (
              <span
                className="pill pill-busy"
                data-testid="backend-threads"
                title={runtime.isolated ? t('app.backend.isolated') : t('app.backend.notIsolated')}
              >
                {t('app.backend.threads', { count: runtime.threads })}
              </span>
            )}
            <span className="runtime-detail">
              {runtime.adapter ? (
                <span translate="no">{t('app.backend.gpu', { name: runtime.adapter })}</span>
              ) : (
                t('app.backend.noAdapter')
              )}{' '}
              · {runtimeSummary(runtime, t)}
            </span>
          </>
        ) : (
          <span className="pill pill-warn">{t('app.backend.notStarted')}</span>
        )}
      </div>
    </div>
  );
}

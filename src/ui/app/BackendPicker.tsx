import type { BackendRequest } from '../../worker/protocol';
import { useLab, useLabActions } from '../shared/use-lab';
import { PresenterFold } from './PresenterFold';

const OPTIONS: { value: BackendRequest; label: string }[] = [
  { value: 'auto', label: 'Auto (fastest here)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'WebAssembly' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'cpu', label: 'CPU (plain JS)' },
];

export function BackendPicker() {
  const request = useLab((s) => s.backendRequest);
  const runtime = useLab((s) => s.runtime);
  const status = useLab((s) => s.workerStatus);
  const { setBackend } = useLabActions();
  return (
    <div className="backend">
      {/* presenter mode folds the choice away; the active backend stays in view */}
      <PresenterFold>
        <label className="field">
          <span>Backend</span>
          <select
            aria-label="Backend"
            value={request}
            disabled={status === 'starting' || status === 'restarting'}
            onChange={(e) => void setBackend(e.target.value as BackendRequest)}
          >
            {OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </PresenterFold>
      <div className="runtime" role="status" aria-label="Active backend" title={runtime?.reason}>
        {status === 'starting' || status === 'restarting' ? (
          <span className="pill pill-busy">{status}…</span>
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
                title={runtime.isolated ? 'cross-origin isolated page' : 'the page is not cross-origin isolated'}
              >
                {runtime.threads} thread{runtime.threads === 1 ? '' : 's'}
              </span>
            )}
            <span className="runtime-detail">
              {runtime.adapter ? `GPU: ${runtime.adapter}` : 'no WebGPU adapter'} · {runtime.reason}
            </span>
          </>
        ) : (
          <span className="pill pill-warn">not started</span>
        )}
      </div>
    </div>
  );
}

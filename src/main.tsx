import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parsePlan } from './core/plan/plan';
import { currentLanguage, i18n } from './i18n/i18n';
import { createLabStore } from './state/lab-store';
import { DEMO_MODELS, type DemoId } from './state/types';
import { App } from './ui/app/App';
import { LabStoreContext } from './ui/shared/use-lab';
import { Comlink, startLabWorker } from './worker/client';
import type { BackendRequest } from './worker/protocol';

document.documentElement.lang = currentLanguage();

const store = createLabStore({
  startWorker: startLabWorker,
  callback: (fn) => Comlink.proxy(fn),
  baseUrl: new URL(import.meta.env.BASE_URL, window.location.href).href,
});

const params = new URLSearchParams(window.location.search);
const model = DEMO_MODELS.find((m) => m.id === params.get('model'))?.id as DemoId | undefined;
const backend = (['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const).find((b) => b === params.get('backend')) as
  BackendRequest | undefined;
const limitParam = Number(params.get('limit'));
const evalLimit = Number.isInteger(limitParam) && limitParam > 0 ? limitParam : undefined;
let plan;
try {
  const hash = new URLSearchParams(window.location.hash.slice(1)).get('plan');
  if (hash) plan = parsePlan(hash);
} catch (e) {
  store.getState().notify('error', i18n.t('app.notice.badPlanAddress', { detail: (e as Error).message }));
}

// The address reflects the model, backend and plan, so a link reproduces what the user sees. It is
// written once a slider rests. A plan longer than ADDRESS_PLAN_CHARS (hundreds of tensors) stays out
// of it: Chromium takes up to a few hundred ms to change a fragment that long, and the page stalls.
const ADDRESS_DELAY_MS = 300;
const ADDRESS_PLAN_CHARS = 8000;
let addressTimer: ReturnType<typeof setTimeout> | undefined;
store.subscribe((s, prev) => {
  if (s.modelSource === prev.modelSource && s.backendRequest === prev.backendRequest && s.plan === prev.plan) return;
  clearTimeout(addressTimer);
  addressTimer = setTimeout(writeAddress, ADDRESS_DELAY_MS);
});

function writeAddress() {
  const s = store.getState();
  const url = new URL(window.location.href);
  if (s.modelSource?.kind === 'demo') url.searchParams.set('model', s.modelSource.id);
  else url.searchParams.delete('model');
  if (s.backendRequest === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', s.backendRequest);
  const hash = Object.keys(s.plan.tensors).length
    ? new URLSearchParams({ plan: JSON.stringify(s.plan) }).toString()
    : '';
  url.hash = hash.length <= ADDRESS_PLAN_CHARS ? hash : '';
  // even an unchanged address costs a history write
  if (url.href !== window.location.href) window.history.replaceState(null, '', url);
}

// Test and automation handle: the store (state + actions). The UI never needs it.
(window as unknown as { prunelab: typeof store }).prunelab = store;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LabStoreContext.Provider value={store}>
      <App />
    </LabStoreContext.Provider>
  </StrictMode>,
);

void store.getState().boot({ model, backend, plan, evalLimit });

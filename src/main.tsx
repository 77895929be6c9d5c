import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { currentLanguage, i18n } from './i18n/i18n';
import { addressFor, readAddress } from './state/address';
import { createLabStore } from './state/lab-store';
import { bootSessionAndSave } from './session/session-boot';
import { App } from './ui/app/App';
import { startTheme } from './ui/app/theme-choice';
import { LabStoreContext } from './ui/shared/use-lab';
import { Comlink, startLabWorker } from './worker/client';

document.documentElement.lang = currentLanguage();

const store = createLabStore({
  startWorker: startLabWorker,
  callback: (fn) => Comlink.proxy(fn),
  baseUrl: new URL(import.meta.env.BASE_URL, window.location.href).href,
});

const address = readAddress(window.location.href);
if (address.planError)
  store.getState().notify('error', i18n.t('app.notice.badPlanAddress', { detail: address.planError }));
store.getState().setTheme(startTheme(new URLSearchParams(window.location.search)));
store.getState().setPresenter(address.presenter ?? false);
// before the first paint, so a dark page never flashes light (App keeps it in step afterwards)
document.documentElement.dataset.theme = store.getState().theme;
document.documentElement.toggleAttribute('data-presenter', store.getState().presenter);

// The address reflects the model, backend, plan, view, lesson step and presenter mode, so a link reproduces what the
// user sees. It is written once a slider rests (an unchanged address still costs a history write).
const ADDRESS_DELAY_MS = 300;
let addressTimer: ReturnType<typeof setTimeout> | undefined;
store.subscribe((s, prev) => {
  if (
    s.modelSource === prev.modelSource &&
    s.backendRequest === prev.backendRequest &&
    s.plan === prev.plan &&
    s.view === prev.view &&
    s.lessonStep === prev.lessonStep &&
    s.presenter === prev.presenter &&
    s.theme === prev.theme
  )
    return;
  clearTimeout(addressTimer);
  addressTimer = setTimeout(() => {
    const href = addressFor(window.location.href, store.getState());
    if (href !== window.location.href) window.history.replaceState(null, '', href);
  }, ADDRESS_DELAY_MS);
});

// Test and automation handle: the store (state + actions). The UI never needs it.
(window as unknown as { prunelab: typeof store }).prunelab = store;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LabStoreContext.Provider value={store}>
      <App />
    </LabStoreContext.Provider>
  </StrictMode>,
);

void bootSessionAndSave(store, address, {
  language: () => i18n.language,
  onLanguageChange: (fn) => i18n.on('languageChanged', fn),
});

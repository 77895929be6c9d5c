// The one translation layer of the page: every UI string goes through `t` (react-i18next's
// useTranslation in components, `i18n.t` in the store). Keys are typed from the English catalogue.
// Korean has no plural forms: a key with `_one`/`_other` variants carries both in ko/ too.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ko } from './ko';

export const LANGUAGES = [
  { id: 'en', label: 'English' },
  { id: 'ko', label: '한국어' },
] as const;
export type Language = (typeof LANGUAGES)[number]['id'];

const STORAGE_KEY = 'prunelab.language';

export function isLanguage(x: unknown): x is Language {
  return LANGUAGES.some((l) => l.id === x);
}

/** `?lang=` first, then the remembered choice, then the browser's languages, then English. */
export function pickLanguage(query: string | null, remembered: string | null, browser: readonly string[]): Language {
  if (isLanguage(query)) return query;
  if (isLanguage(remembered)) return remembered;
  const first = browser.map((b) => b.slice(0, 2).toLowerCase()).find(isLanguage);
  return first ?? 'en';
}

function rememberedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function startLanguage(): Language {
  const query = globalThis.location ? new URLSearchParams(globalThis.location.search).get('lang') : null;
  return pickLanguage(query, rememberedLanguage(), globalThis.navigator?.languages ?? []);
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ko: { translation: ko } },
  lng: startLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** Switches the language now and remembers it for the next visit. */
export function setLanguage(lang: Language): void {
  void i18n.changeLanguage(lang);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // storage refused (private mode, quota): the choice lasts this visit
  }
  if (globalThis.document) globalThis.document.documentElement.lang = lang;
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

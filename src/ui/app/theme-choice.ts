// Which theme the page opens in: `?theme=` first, then the remembered choice, then the system's
// prefers-color-scheme. A choice made in the page is remembered for the next visit.
import type { Theme } from '../../state/types';

const STORAGE_KEY = 'prunelab.theme';

export const isTheme = (x: unknown): x is Theme => x === 'light' || x === 'dark';

export function pickTheme(query: string | null, remembered: string | null, prefersDark: boolean): Theme {
  if (isTheme(query)) return query;
  if (isTheme(remembered)) return remembered;
  return prefersDark ? 'dark' : 'light';
}

export function rememberTheme(theme: Theme): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, theme);
  } catch {
    // storage refused (private mode, quota): the choice lasts this visit
  }
}

/** The theme for this visit, from the address, storage and the system setting. */
export function startTheme(params: URLSearchParams): Theme {
  const prefersDark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  return pickTheme(params.get('theme'), rememberedTheme(), prefersDark);
}

function rememberedTheme(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Switches light ⇄ dark and remembers the choice. */
export function toggleTheme(s: { theme: Theme; setTheme(theme: Theme): void }): void {
  const theme = s.theme === 'dark' ? 'light' : 'dark';
  s.setTheme(theme);
  rememberTheme(theme);
}

// The page's keyboard shortcuts: one list of what each key does, and the matcher that turns a
// keydown into a shortcut. Pure data and functions (no DOM, no store): the help overlay lists
// SHORTCUTS, the keydown listener calls matchShortcut, run-shortcut.ts performs them.
import type { LabState } from '../../state/types';

export type ShortcutId =
  | 'help'
  | 'lessonNext'
  | 'lessonPrevious'
  | 'undo'
  | 'reset'
  | 'run'
  | 'viewPrune'
  | 'viewSensitivity'
  | 'viewSchedule'
  | 'togglePresenter'
  | 'toggleTheme';

/** A key as KeyboardEvent.key names it; `mod` is Ctrl, or Cmd on a Mac; `shift` only matters for letters. */
export interface KeyChord {
  key: string;
  mod?: boolean;
  shift?: boolean;
}

export interface Shortcut {
  id: ShortcutId;
  keys: readonly KeyChord[];
  /** the store actions it calls (checked against the store by the tests) */
  uses: readonly (keyof LabState)[];
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'help', keys: [{ key: '?' }], uses: [] },
  { id: 'lessonNext', keys: [{ key: 'ArrowRight' }, { key: 'PageDown' }, { key: 'n' }], uses: ['setLessonStep'] },
  { id: 'lessonPrevious', keys: [{ key: 'ArrowLeft' }, { key: 'PageUp' }, { key: 'p' }], uses: ['setLessonStep'] },
  { id: 'undo', keys: [{ key: 'z', mod: true }], uses: ['undo'] },
  { id: 'reset', keys: [{ key: 'x' }], uses: ['reset'] },
  { id: 'run', keys: [{ key: 'r' }], uses: ['startSweep', 'startScheduleRun'] },
  { id: 'viewPrune', keys: [{ key: '1' }], uses: ['setView'] },
  { id: 'viewSensitivity', keys: [{ key: '2' }], uses: ['setView'] },
  { id: 'viewSchedule', keys: [{ key: '3' }], uses: ['setView'] },
  { id: 'togglePresenter', keys: [{ key: 'P', shift: true }], uses: ['setPresenter'] },
  { id: 'toggleTheme', keys: [{ key: 'D', shift: true }], uses: ['setTheme'] },
];

/** What the matcher reads of an event's target: a DOM element, or a plain object in tests. */
export interface KeyTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target: KeyTarget | null;
}

/** Inputs that take no typed text: a letter pressed on them is a shortcut. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);
/** Widgets that move with the arrow keys themselves. */
const ARROW_ROLES = new Set([
  'tab',
  'slider',
  'radio',
  'listbox',
  'option',
  'menu',
  'menuitem',
  'grid',
  'tree',
  'spinbutton',
]);

/** True while the user types: text inputs, textareas, selects and editable content keep their keys. */
export function isTypingTarget(t: KeyTarget | null): boolean {
  if (!t) return false;
  if (t.isContentEditable) return true;
  const tag = (t.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NON_TEXT_INPUTS.has((t.type ?? 'text').toLowerCase());
}

function ownsArrows(t: KeyTarget | null): boolean {
  if (!t) return false;
  if ((t.tagName ?? '').toUpperCase() === 'INPUT') return true;
  const role = t.getAttribute?.('role');
  return role != null && ARROW_ROLES.has(role);
}

const isLetter = (k: string) => /^[a-z]$/i.test(k);

export function chordMatches(chord: KeyChord, e: KeyLike): boolean {
  if (e.altKey || Boolean(chord.mod) !== (e.ctrlKey || e.metaKey)) return false;
  if (!isLetter(chord.key)) return e.key === chord.key;
  // letters: Shift decides (Caps Lock does not); 'z' and 'Z' are the same key
  return e.key.toLowerCase() === chord.key.toLowerCase() && Boolean(chord.shift) === e.shiftKey;
}

/** The shortcut a keydown means, or null (typing, an unknown key, an arrow on a widget that uses arrows). */
export function matchShortcut(e: KeyLike): ShortcutId | null {
  if (isTypingTarget(e.target)) return null;
  if (e.key.startsWith('Arrow') && ownsArrows(e.target)) return null;
  return SHORTCUTS.find((s) => s.keys.some((k) => chordMatches(k, e)))?.id ?? null;
}

/** How a chord is written in the help overlay. */
export function chordLabel(chord: KeyChord, mac: boolean): string {
  const names: Record<string, string> = { ArrowRight: '→', ArrowLeft: '←', PageDown: 'PgDn', PageUp: 'PgUp' };
  const key = names[chord.key] ?? (isLetter(chord.key) ? chord.key.toUpperCase() : chord.key);
  const mods = [chord.mod ? (mac ? '⌘' : 'Ctrl') : null, chord.shift ? 'Shift' : null].filter(Boolean);
  return [...mods, key].join('+');
}

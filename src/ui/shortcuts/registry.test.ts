import { describe, expect, it } from 'vitest';
import { setup, settle } from '../../state/fake-lab-worker';
import { pickTheme } from '../app/theme-choice';
import { offerMainAction } from './main-action';
import { SHORTCUTS, chordLabel, matchShortcut, type KeyLike, type KeyTarget } from './registry';
import { LAST_LESSON_STEP, runShortcut } from './run-shortcut';

const press = (key: string, extra: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  target: { tagName: 'BODY' },
  ...extra,
});
const el = (tagName: string, attrs: Record<string, string> = {}, more: Partial<KeyTarget> = {}): KeyTarget => ({
  tagName,
  type: attrs.type,
  getAttribute: (n) => attrs[n] ?? null,
  ...more,
});

describe('the shortcut registry', () => {
  it('gives every key chord to one shortcut only', () => {
    const chords = SHORTCUTS.flatMap((s) =>
      s.keys.map((k) => `${k.mod ? 'mod+' : ''}${k.shift ? 'shift+' : ''}${k.key.toLowerCase()}`),
    );
    expect(new Set(chords).size).toBe(chords.length);
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
  });

  it('names only actions the store has', () => {
    const { store } = setup();
    const state = store.getState() as unknown as Record<string, unknown>;
    for (const s of SHORTCUTS) for (const a of s.uses) expect(typeof state[a], `${s.id} uses ${a}`).toBe('function');
  });

  it('maps keys to shortcuts, with their modifiers', () => {
    expect(matchShortcut(press('?', { shiftKey: true }))).toBe('help');
    expect(matchShortcut(press('z', { ctrlKey: true }))).toBe('undo');
    expect(matchShortcut(press('Z', { metaKey: true }))).toBe('undo');
    expect(matchShortcut(press('z'))).toBeNull();
    expect(matchShortcut(press('x', { ctrlKey: true }))).toBeNull(); // Ctrl+X stays the browser's cut
    expect(matchShortcut(press('r', { ctrlKey: true }))).toBeNull(); // Ctrl+R stays reload
    expect(matchShortcut(press('1', { altKey: true }))).toBeNull();
    expect(matchShortcut(press('2'))).toBe('viewSensitivity');
    expect(matchShortcut(press('P', { shiftKey: true }))).toBe('togglePresenter');
    expect(matchShortcut(press('p'))).toBe('lessonPrevious');
    expect(matchShortcut(press('P'))).toBe('lessonPrevious'); // Caps Lock is not Shift
    expect(matchShortcut(press('D', { shiftKey: true }))).toBe('toggleTheme');
    expect(matchShortcut(press('d'))).toBeNull();
    expect(matchShortcut(press('PageDown'))).toBe('lessonNext');
    expect(matchShortcut(press('q'))).toBeNull();
  });

  it('leaves the keys alone while the user types', () => {
    const typing = [
      el('INPUT', { type: 'text' }),
      el('INPUT', {}),
      el('INPUT', { type: 'number' }),
      el('INPUT', { type: 'search' }),
      el('TEXTAREA'),
      el('SELECT'),
      el('DIV', {}, { isContentEditable: true }),
    ];
    for (const target of typing) {
      expect(matchShortcut(press('r', { target }))).toBeNull();
      expect(matchShortcut(press('1', { target }))).toBeNull();
      expect(matchShortcut(press('z', { target, ctrlKey: true }))).toBeNull();
    }
    expect(matchShortcut(press('r', { target: el('INPUT', { type: 'checkbox' }) }))).toBe('run');
    expect(matchShortcut(press('r', { target: el('BUTTON') }))).toBe('run');
  });

  it('leaves arrow keys to widgets that move with them', () => {
    expect(matchShortcut(press('ArrowRight', { target: el('BUTTON', { role: 'tab' }) }))).toBeNull();
    expect(matchShortcut(press('ArrowLeft', { target: el('INPUT', { type: 'range' }) }))).toBeNull();
    expect(matchShortcut(press('ArrowRight', { target: el('BUTTON') }))).toBe('lessonNext');
    expect(matchShortcut(press('n', { target: el('INPUT', { type: 'range' }) }))).toBe('lessonNext');
  });

  it('writes chords for the help overlay', () => {
    expect(chordLabel({ key: 'z', mod: true }, false)).toBe('Ctrl+Z');
    expect(chordLabel({ key: 'z', mod: true }, true)).toBe('⌘+Z');
    expect(chordLabel({ key: 'P', shift: true }, false)).toBe('Shift+P');
    expect(chordLabel({ key: 'ArrowRight' }, false)).toBe('→');
  });
});

describe('running a shortcut', () => {
  const noHelp = () => {
    throw new Error('help opened');
  };

  it('switches views, presenter mode and theme', () => {
    const { store } = setup();
    expect(runShortcut('viewSchedule', store.getState(), noHelp)).toBe(true);
    expect(store.getState().view).toBe('schedule');
    runShortcut('viewPrune', store.getState(), noHelp);
    expect(store.getState().view).toBe('prune');
    runShortcut('togglePresenter', store.getState(), noHelp);
    expect(store.getState().presenter).toBe(true);
    runShortcut('togglePresenter', store.getState(), noHelp);
    expect(store.getState().presenter).toBe(false);
    runShortcut('toggleTheme', store.getState(), noHelp);
    expect(store.getState().theme).toBe('dark');
    let opened = 0;
    runShortcut('help', store.getState(), () => opened++);
    expect(opened).toBe(1);
  });

  it('moves the lesson step within 0..6 and only while the lesson is open', () => {
    const { store } = setup();
    expect(runShortcut('lessonNext', store.getState(), noHelp)).toBe(false);
    expect(store.getState().lessonStep).toBeNull();
    store.getState().setLessonStep(0);
    runShortcut('lessonPrevious', store.getState(), noHelp);
    expect(store.getState().lessonStep).toBe(0);
    for (let i = 0; i < 10; i++) runShortcut('lessonNext', store.getState(), noHelp);
    expect(store.getState().lessonStep).toBe(LAST_LESSON_STEP);
    expect(LAST_LESSON_STEP).toBe(6);
    runShortcut('lessonPrevious', store.getState(), noHelp);
    expect(store.getState().lessonStep).toBe(5);
  });

  it('undoes and resets the plan', async () => {
    const { store } = setup();
    await store.getState().boot();
    store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.5 });
    store.getState().setMethod('fc2/kernel', { kind: 'level', sparsity: 0.5 });
    runShortcut('undo', store.getState(), noHelp);
    expect(Object.keys(store.getState().plan.tensors)).toEqual(['fc1/kernel']);
    runShortcut('reset', store.getState(), noHelp);
    expect(store.getState().plan.tensors).toEqual({});
    await settle();
  });

  it("runs the view's main action, or says there is none", () => {
    const { store } = setup();
    store.getState().setView('sensitivity');
    let runs = 0;
    const withdraw = offerMainAction('sensitivity', () => runs++);
    runShortcut('run', store.getState(), noHelp);
    expect(runs).toBe(1);
    withdraw();
    runShortcut('run', store.getState(), noHelp);
    expect(runs).toBe(1);
    expect(store.getState().notices.at(-1)?.text).toMatch(/nothing to run/i);
  });
});

describe('the theme and presenter mode at start', () => {
  it('takes the address, then the remembered choice, then the system setting', () => {
    expect(pickTheme('dark', 'light', false)).toBe('dark');
    expect(pickTheme(null, 'light', true)).toBe('light');
    expect(pickTheme('blue', null, true)).toBe('dark');
    expect(pickTheme(null, 'x', false)).toBe('light');
  });
});

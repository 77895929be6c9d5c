import { describe, expect, it } from 'vitest';
import type { PrunePlan } from '../core/plan/plan';
import { i18n } from '../i18n/i18n';
import { setup } from '../state/fake-lab-worker';
import { memoryBackend, quotaError } from './memory-backend';
import { contentKey } from './session-parts';
import { bootSavedSession, readSavedSession } from './session-restore';
import { startSessionSaver } from './session-saver';
import { sessionStatus } from './session-status';

const plan = { version: 1, tensors: { 'fc1/kernel': { kind: 'level', sparsity: 0.5 } } } as PrunePlan;
const bytes = (...v: number[]) => new Float32Array(v).buffer as ArrayBuffer;
const files = () => [
  { name: 'model.json', bytes: new TextEncoder().encode('{"m":1}').buffer as ArrayBuffer },
  { name: 'weights.bin', bytes: bytes(1, 2, 3) },
];
const sweep = {
  tensors: ['fc1/kernel'],
  group: 'element' as const,
  levels: [0, 0.5],
  subset: null,
  minTop1: null,
  mode: 'labels' as const,
};

/** a booted lab (fake worker) saving into memory */
async function savingLab(delayMs: number) {
  const { store } = setup();
  await store.getState().boot();
  const mem = memoryBackend();
  return { store, mem, saver: startSessionSaver(store, mem.backend, { language: () => 'en', delayMs }) };
}

describe('session saving', () => {
  it('writes only the parts that changed, and each dropped file once under its content hash', async () => {
    const { store, mem, saver } = await savingLab(5);
    await saver.flush();
    expect(mem.writes.parts[0].sort()).toEqual(['data', 'model', 'plan', 'runs', 'schedule', 'training', 'ui']);

    store.setState({ plan });
    await saver.flush();
    expect(mem.writes.parts[1]).toEqual(['plan']);

    const model = files();
    store.setState({ modelSource: { kind: 'files', name: 'model.json', files: model } });
    await saver.flush();
    store.setState({ view: 'schedule' });
    await saver.flush();
    store.setState({ modelSource: { kind: 'files', name: 'model.json', files: files() } });
    await saver.flush();
    expect(mem.writes.parts.slice(2)).toEqual([['model'], ['ui'], ['model']]);
    const keys = await Promise.all(model.map((f) => contentKey(f.bytes)));
    expect(mem.writes.blobs).toEqual(keys); // the same bytes again are not written again
    expect(keys[1]).toMatch(/^[0-9a-f]{64}$/);
    saver.stop();
  });

  it('saves by itself after a change, and not more than once per delay', async () => {
    const { store, mem, saver } = await savingLab(20);
    await new Promise((r) => setTimeout(r, 40));
    const before = mem.writes.parts.length;
    for (let i = 0; i < 5; i++) store.setState({ budget: i + 2 });
    await new Promise((r) => setTimeout(r, 60));
    expect(mem.writes.parts.length).toBe(before + 1);
    expect((mem.parts.get('runs') as { budget: number }).budget).toBe(6);
    saver.stop();
  });

  it('a full quota is said once, the lab keeps its state, and saving resumes when space is back', async () => {
    const { store, mem, saver } = await savingLab(5);
    await saver.flush();
    mem.failWith(quotaError);
    store.setState({ plan });
    await saver.flush();
    store.setState({ view: 'sensitivity' });
    await saver.flush();
    expect(sessionStatus.getState().state).toBe('full');
    const notices = store.getState().notices.filter((n) => /storage for this page is full/.test(n.text));
    expect(notices).toHaveLength(1);
    expect(store.getState().plan).toBe(plan);
    expect(store.getState().view).toBe('sensitivity');

    mem.failWith(null);
    store.setState({ budget: 3 });
    await saver.flush();
    expect(sessionStatus.getState().state).toBe('saved');
    expect((mem.parts.get('plan') as { plan: PrunePlan }).plan).toEqual(plan);
    expect((mem.parts.get('ui') as { view: string }).view).toBe('sensitivity');
    saver.stop();
  });

  it('another write error is said with its reason', async () => {
    const { store } = setup();
    await store.getState().boot();
    const mem = memoryBackend();
    mem.failWith(() => new Error('disk on fire'));
    const saver = startSessionSaver(store, mem.backend, { language: () => 'en', delayMs: 5 });
    await saver.flush();
    expect(store.getState().notices.at(-1)?.text).toBe(
      'The session could not be saved (disk on fire). The lab keeps working.',
    );
    saver.stop();
  });
});

describe('session restore', () => {
  it('brings back the model files, plan, sweep rows, schedule epochs and view after a reload', async () => {
    const first = setup();
    await first.store.getState().boot();
    await first.store.getState().startSweep(sweep);
    first.store.setState({
      modelSource: { kind: 'files', name: 'model.json', files: files() },
      plan,
      scheduleEpochs: 5,
      view: 'sensitivity',
      lessonStep: 2,
    });
    const mem = memoryBackend();
    const saver = startSessionSaver(first.store, mem.backend, { language: () => 'en', delayMs: 5 });
    await saver.flush();
    saver.stop();

    const again = setup();
    again.w.api.loadModelFiles = async (f) => ({
      ...(await again.w.api.loadDemoModel('', 'lenet300')),
      name: f[0].name,
    });
    const saved = await readSavedSession(mem.backend);
    expect(saved.failures).toEqual([]);
    await bootSavedSession(again.store, saved, {}, true);
    const s = again.store.getState();
    expect(s.workerStatus).toBe('ready');
    expect(s.modelSource?.kind === 'files' && s.modelSource.files.map((f) => new Uint8Array(f.bytes))).toEqual(
      files().map((f) => new Uint8Array(f.bytes)),
    );
    expect(s.plan).toEqual(plan);
    expect(s.runs.map((r) => r.rows.length)).toEqual([2]);
    expect(s.scheduleEpochs).toBe(5);
    expect([s.view, s.lessonStep]).toEqual(['sensitivity', 2]);
  });

  it('a corrupted part starts clean and is named; the address wins over the saved view', async () => {
    const mem = memoryBackend();
    mem.parts.set('plan', { plan: { version: 9, tensors: {} }, allLayers: { skip: [], limits: {} }, ranking: {} });
    mem.parts.set('runs', { runs: [{ id: 1, label: 'x', rows: [{ parameter: 'a' }] }], activeRun: 1, budget: 1 });
    mem.parts.set('ui', {
      view: 'schedule',
      inspectTab: 'cost',
      lessonStep: null,
      presenter: false,
      theme: 'dark',
      language: 'en',
    });
    const saved = await readSavedSession(mem.backend);
    expect(saved.failures.map((f) => f.part)).toEqual(['plan', 'runs']);
    expect(saved.failures[1].reason).toBe(
      'the saved runs is not readable: run "x" has a row without parameter, sparsity or top1',
    );

    const { store } = setup();
    await bootSavedSession(store, saved, { view: 'prune' }, true);
    const s = store.getState();
    expect(s.workerStatus).toBe('ready');
    expect(s.plan.tensors).toEqual({});
    expect([s.view, s.inspectTab, s.theme]).toEqual(['prune', 'cost', 'dark']);
    const texts = s.notices.map((n) => n.text);
    expect(texts.some((t) => t.startsWith('The saved plan could not be restored and starts clean'))).toBe(true);
    expect(texts.some((t) => t.startsWith('The saved sensitivity runs could not be restored'))).toBe(true);
  });

  it('saved files that no longer open: the lab starts on the demo and keeps the rest', async () => {
    const mem = memoryBackend();
    const first = setup();
    await first.store.getState().boot();
    first.store.setState({ modelSource: { kind: 'files', name: 'model.json', files: files() }, scheduleEpochs: 4 });
    const saver = startSessionSaver(first.store, mem.backend, { language: () => 'en', delayMs: 5 });
    await saver.flush();
    saver.stop();

    const { store } = setup(); // the fake worker refuses dropped model files
    await bootSavedSession(store, await readSavedSession(mem.backend), {}, true);
    const s = store.getState();
    expect(s.workerStatus).toBe('ready');
    expect(s.modelSource).toEqual({ kind: 'demo', id: 'lenet5' });
    expect(s.scheduleEpochs).toBe(4);
    expect(s.notices.some((n) => n.text.startsWith('The saved model or data files could not be opened again'))).toBe(
      true,
    );
  });

  it('the saved language comes back unless the address names one, and a change of language is saved', async () => {
    const mem = memoryBackend();
    const ui = { view: 'prune', inspectTab: 'cost', lessonStep: 0, presenter: false, theme: 'light', language: 'ko' };
    mem.parts.set('ui', ui);
    await i18n.changeLanguage('en');
    await bootSavedSession(setup().store, await readSavedSession(mem.backend), {}, true);
    expect(i18n.language).toBe('en');
    const { store } = setup();
    await bootSavedSession(store, await readSavedSession(mem.backend), {}, false);
    expect(i18n.language).toBe('ko');

    const saver = startSessionSaver(store, mem.backend, { language: () => i18n.language, delayMs: 5 });
    await saver.flush();
    await i18n.changeLanguage('en');
    saver.touch();
    await saver.flush();
    expect(mem.parts.get('ui')).toEqual({ ...ui, language: 'en' });
    saver.stop();
  });

  it('a link to another model does not get the saved plan and runs, and keeps the rest', async () => {
    const first = setup();
    await first.store.getState().boot({ model: 'lenet300' });
    await first.store.getState().startSweep(sweep);
    first.store.setState({ plan, scheduleEpochs: 3 });
    const mem = memoryBackend();
    const saver = startSessionSaver(first.store, mem.backend, { language: () => 'en', delayMs: 5 });
    await saver.flush();
    saver.stop();
    const saved = await readSavedSession(mem.backend);

    const other = setup();
    await bootSavedSession(other.store, saved, { model: 'vgg' }, true);
    const s = other.store.getState();
    expect([s.modelSource, s.plan.tensors, s.runs, s.scheduleEpochs]).toEqual([{ kind: 'demo', id: 'vgg' }, {}, [], 3]);

    const same = setup();
    await bootSavedSession(same.store, saved, { model: 'lenet300' }, true);
    expect([same.store.getState().plan, same.store.getState().runs.length]).toEqual([plan, 1]);
  });

  it('a missing blob fails the model part only', async () => {
    const mem = memoryBackend();
    mem.parts.set('model', {
      source: { kind: 'files', name: 'm.onnx', files: [{ name: 'm.onnx', key: 'gone', size: 4 }] },
    });
    mem.parts.set('schedule', { schedule: { rules: [], epochs: 2 }, scheduleEpochs: 2, train: {} });
    const saved = await readSavedSession(mem.backend);
    expect(saved.failures).toEqual([{ part: 'model', reason: 'the bytes of m.onnx are missing' }]);
    expect(saved.parts.schedule?.scheduleEpochs).toBe(2);
  });
});

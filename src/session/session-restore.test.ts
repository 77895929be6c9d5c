import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n/i18n';
import { setup } from '../state/fake-lab-worker';
import { memoryBackend } from './memory-backend';
import { bytes, files, plan, sweep } from './session-fixtures';
import { bootSavedSession, readSavedSession } from './session-restore';
import { startSessionSaver } from './session-saver';

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
    await bootSavedSession(again.store, saved, {});
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

  it("brings back a run's checkpoint weights and puts the adopted step's weights into the new worker", async () => {
    const first = setup();
    await first.store.getState().boot();
    const step1 = new Map([['dense/kernel', Float32Array.of(0.5, 0, -1.25)]]);
    first.store.setState({
      run: {
        kind: 'schedule',
        status: 'done',
        timeline: [],
        batch: null,
        statusText: null,
        checkpoints: [],
        adoptedStep: 1,
      },
      checkpointWeights: { 1: step1 },
      adoptedWeights: step1,
    });
    const mem = memoryBackend();
    const saver = startSessionSaver(first.store, mem.backend, { language: () => 'en', delayMs: 5 });
    await saver.flush();
    saver.stop();

    const again = setup();
    // a fresh worker holds no checkpoints of its own
    again.w.api.restoreCheckpoint = async (step) => {
      throw new Error(`no checkpoint ${step}`);
    };
    const saved = await readSavedSession(mem.backend);
    expect(saved.failures).toEqual([]);
    await bootSavedSession(again.store, saved, {});
    const s = again.store.getState();
    expect(s.run?.adoptedStep).toBe(1);
    expect([...s.checkpointWeights[1].get('dense/kernel')!]).toEqual([0.5, 0, -1.25]);
    expect(s.adoptedWeights).toBe(s.checkpointWeights[1]);
    const sent = again.w.calls.filter((c) => c.method === 'adoptWeights');
    expect(sent.map((c) => [...(c.args[0] as typeof step1).get('dense/kernel')!])).toEqual([[0.5, 0, -1.25]]);
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
    await bootSavedSession(store, saved, { view: 'prune' });
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
    await bootSavedSession(store, await readSavedSession(mem.backend), {});
    const s = store.getState();
    expect(s.workerStatus).toBe('ready');
    expect(s.modelSource).toEqual({ kind: 'demo', id: 'lenet5' });
    expect(s.scheduleEpochs).toBe(4);
    expect(s.notices.some((n) => n.text.startsWith('The saved model or data files could not be opened again'))).toBe(
      true,
    );
  });

  it('the language stays the one the page remembers itself (it is switched and stored at once); a change is saved', async () => {
    const mem = memoryBackend();
    const ui = { view: 'prune', inspectTab: 'cost', lessonStep: 0, presenter: false, theme: 'light', language: 'ko' };
    mem.parts.set('ui', ui);
    // a reload right after switching can find an older record: it must not switch the page back
    await i18n.changeLanguage('en');
    const { store } = setup();
    await bootSavedSession(store, await readSavedSession(mem.backend), {});
    expect(i18n.language).toBe('en');

    const saver = startSessionSaver(store, mem.backend, { language: () => i18n.language, delayMs: 5 });
    await saver.flush();
    await i18n.changeLanguage('ko');
    saver.touch();
    await saver.flush();
    expect(mem.parts.get('ui')).toEqual({ ...ui, language: 'ko' });
    saver.stop();
    await i18n.changeLanguage('en');
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
    await bootSavedSession(other.store, saved, { model: 'vgg' });
    const s = other.store.getState();
    expect([s.modelSource, s.plan.tensors, s.runs, s.scheduleEpochs]).toEqual([{ kind: 'demo', id: 'vgg' }, {}, [], 3]);

    const same = setup();
    await bootSavedSession(same.store, saved, { model: 'lenet300' });
    expect([same.store.getState().plan, same.store.getState().runs.length]).toEqual([plan, 1]);
  });

  it('dropped data files and their input mapping come back, and the worker gets them', async () => {
    const first = setup();
    await first.store.getState().boot();
    const data = [
      { name: 'images.idx', bytes: bytes(7, 8) },
      { name: 'labels.idx', bytes: bytes(9) },
    ];
    const mapping = { resize: 32, crop: 28, layout: 'NHWC', channels: 1, scaling: 'unit', labelMap: null };
    first.store.setState({ dataSource: { kind: 'files', files: data }, mapping: mapping as never, evalLimit: 200 });
    const mem = memoryBackend();
    const saver = startSessionSaver(first.store, mem.backend, { language: () => 'en', delayMs: 5 });
    await saver.flush();
    saver.stop();

    const again = setup();
    const dataset = { name: 'mine', n: 3, rows: 2, cols: 2, numClasses: 10 };
    again.w.api.loadDataFiles = async (files) => {
      again.w.calls.push({
        method: 'loadDataFiles',
        args: [files.map((f) => [f.name, [...new Float32Array(f.bytes)]])],
      });
      return { dataset, dataFit: null, mapping: null } as never;
    };
    await bootSavedSession(again.store, await readSavedSession(mem.backend), {});
    const s = again.store.getState();
    expect([s.workerStatus, s.dataset?.name, s.mapping, s.evalLimit]).toEqual(['ready', 'mine', mapping, 200]);
    expect(again.w.calls.find((c) => c.method === 'loadDataFiles')?.args[0]).toEqual([
      ['images.idx', [7, 8]],
      ['labels.idx', [9]],
    ]);
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

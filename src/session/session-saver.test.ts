import { describe, expect, it } from 'vitest';
import type { PrunePlan } from '../core/plan/plan';
import { setup } from '../state/fake-lab-worker';
import { files, plan } from './session-fixtures';
import { memoryBackend, quotaError } from './memory-backend';
import { contentKey } from './session-parts';
import { startSessionSaver } from './session-saver';
import { sessionStatus } from './session-status';

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

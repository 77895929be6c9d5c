import { describe, expect, it } from 'vitest';
import { EMPTY_PLAN, type PrunePlan } from '../core/plan/plan';
import { ADDRESS_PLAN_CHARS, addressFor, readAddress, type AddressState } from './address';

const plan: PrunePlan = { version: 1, tensors: { 'dense/kernel': { kind: 'level', sparsity: 0.5 } } } as PrunePlan;
const base: AddressState = {
  modelSource: { kind: 'demo', id: 'vgg' },
  backendRequest: 'auto',
  plan: EMPTY_PLAN,
  view: 'prune',
  lessonStep: null,
  presenter: false,
  theme: 'light',
};

describe('address', () => {
  it('reads every part a link can carry; the lesson is 1-based in the address', () => {
    const a = readAddress(
      'http://x/?model=lenet300&backend=wasm&limit=200&view=sensitivity&lesson=3#' +
        new URLSearchParams({ plan: JSON.stringify(plan) }).toString(),
    );
    expect(a).toEqual({ model: 'lenet300', backend: 'wasm', evalLimit: 200, view: 'sensitivity', lessonStep: 2, plan });
  });

  it('ignores what it does not know, and says why a plan cannot be read', () => {
    const a = readAddress('http://x/?model=alexnet&backend=tpu&limit=-3&view=lesson&lesson=x#plan=%7Bnope');
    expect(Object.keys(a)).toEqual(['planError']);
    expect(a.planError).toMatch(/plan is not valid JSON/);
    expect(readAddress('http://x/?lesson=1.5')).toEqual({});
    // a step out of range opens the nearest one
    expect(readAddress('http://x/?lesson=0').lessonStep).toBe(0);
    expect(readAddress('http://x/?lesson=99').lessonStep).toBe(6);
  });

  it('writes the state so that reading it back gives the same state', () => {
    const href = addressFor('http://x/?lang=ko', {
      ...base,
      plan,
      view: 'schedule',
      lessonStep: 0,
      backendRequest: 'cpu',
    });
    expect(new URL(href).searchParams.get('lang')).toBe('ko');
    expect(readAddress(href)).toEqual({ model: 'vgg', backend: 'cpu', view: 'schedule', lessonStep: 0, plan });
  });

  it('carries presenter mode, and drops ?theme= once the page chose another theme', () => {
    expect(readAddress('http://x/?present=1&theme=dark')).toEqual({ presenter: true, theme: 'dark' });
    expect(readAddress('http://x/?present=0&theme=blue')).toEqual({ presenter: false });
    const on = addressFor('http://x/?theme=dark', { ...base, presenter: true, theme: 'dark' });
    expect(readAddress(on)).toMatchObject({ presenter: true, theme: 'dark' });
    const changed = addressFor(on, { ...base, presenter: false, theme: 'light' });
    expect(new URL(changed).search).toBe('?model=vgg');
  });

  it('drops the defaults, a dropped model and an overlong plan from the address', () => {
    const href = addressFor('http://x/?model=vgg&view=schedule&lesson=2&backend=wasm#plan=x', {
      ...base,
      modelSource: { kind: 'files', name: 'm.onnx', files: [] },
    });
    expect(href).toBe('http://x/');
    const tensors = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`block${i}/conv/kernel`, { kind: 'level', sparsity: 0.5 }]),
    );
    const long = { version: 1, tensors } as PrunePlan;
    expect(JSON.stringify(long).length).toBeGreaterThan(ADDRESS_PLAN_CHARS);
    expect(new URL(addressFor('http://x/', { ...base, plan: long })).hash).toBe('');
  });
});

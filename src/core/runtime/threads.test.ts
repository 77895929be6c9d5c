import { describe, expect, it } from 'vitest';
import { MAX_THREADS, MIN_TENSORS_PER_WORKER, planThreads, sweepPoolSize } from './threads';

describe('planThreads', () => {
  it('uses one thread per core on an isolated page', () => {
    expect(planThreads(2, true).threads).toBe(2);
    expect(planThreads(6, true).threads).toBe(6);
  });
  it('stays on one thread without cross-origin isolation', () => {
    const plan = planThreads(8, false);
    expect(plan.threads).toBe(1);
    expect(plan.reason).toMatch(/not cross-origin isolated/);
  });
  it('shares the cores among the workers of a pool, never below one thread', () => {
    expect(planThreads(8, true, 2).threads).toBe(4);
    expect(planThreads(2, true, 2).threads).toBe(1);
    expect(planThreads(2, true, 4).threads).toBe(1);
  });
  it('caps the count and survives an unknown core count', () => {
    expect(planThreads(64, true).threads).toBe(MAX_THREADS);
    expect(planThreads(undefined, true).threads).toBe(1);
    expect(planThreads(0, true).reason).toMatch(/unknown/);
  });
});

describe('sweepPoolSize', () => {
  const lenet = { tensors: 4, poolable: true };
  it('follows the request, at most one worker per tensor', () => {
    expect(sweepPoolSize(1, 2, 'wasm', lenet)).toBe(1);
    expect(sweepPoolSize(3, 8, 'wasm', lenet)).toBe(3);
    expect(sweepPoolSize(6, 8, 'wasm', lenet)).toBe(4);
    expect(sweepPoolSize(2, 2, 'cpu', { tensors: 1, poolable: true })).toBe(1);
  });
  it('defaults to one worker per core only when each gets enough tensors (the measured choice)', () => {
    expect(MIN_TENSORS_PER_WORKER).toBe(3);
    expect(sweepPoolSize(undefined, 2, 'wasm', lenet)).toBe(1);
    expect(sweepPoolSize(undefined, 2, 'wasm', { tensors: 6, poolable: true })).toBe(2);
    expect(sweepPoolSize(undefined, 4, 'wasm', { tensors: 11, poolable: true })).toBe(1);
    expect(sweepPoolSize(undefined, undefined, 'wasm', { tensors: 20, poolable: true })).toBe(1);
  });
  it('keeps one worker where a pool cannot help, and refuses a bad count', () => {
    expect(sweepPoolSize(2, 2, 'webgpu', lenet)).toBe(1);
    expect(sweepPoolSize(2, 2, 'webgl', lenet)).toBe(1);
    expect(sweepPoolSize(2, 2, 'wasm', { tensors: 4, poolable: false })).toBe(1);
    expect(() => sweepPoolSize(0, 2, 'wasm', lenet)).toThrow(/positive integer; got 0/);
    expect(() => sweepPoolSize(1.5, 2, 'wasm', lenet)).toThrow(/positive integer/);
  });
});

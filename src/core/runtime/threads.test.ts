import { describe, expect, it } from 'vitest';
import { MAX_THREADS, planThreads } from './threads';

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

import { describe, expect, it } from 'vitest';
import { parsePlan, planForAll, withLimits, withMethod, EMPTY_PLAN } from './plan';

describe('plan', () => {
  it('planForAll skips the listed tensors and keeps limits through edits', () => {
    const p = planForAll(['a', 'b', 'c'], { kind: 'level', sparsity: 0.5 }, ['b'], { maxSparsity: 0.4 });
    expect(Object.keys(p.tensors)).toEqual(['a', 'c']);
    expect(withMethod(p, 'b', { kind: 'magnitude', threshold: 0.1 }).limits).toEqual({ maxSparsity: 0.4 });
    expect(withLimits(p, {}).limits).toBeUndefined();
  });

  it('round-trips through JSON and refuses bad limits, methods and names with the reason', () => {
    const p = withLimits(
      withMethod(EMPTY_PLAN, 'fc1/kernel', { kind: 'structured', group: 'filters', sparsity: 0.3, norm: 'l1' }),
      { minSparsity: 0.1 },
    );
    expect(parsePlan(JSON.stringify(p), ['fc1/kernel'])).toEqual(p);
    expect(() => parsePlan('{"version":1,"tensors":{},"limits":{"maxSparsity":2}}')).toThrow(
      /limits\.maxSparsity must be in \[0, 1\]/,
    );
    expect(() => parsePlan('{"version":1,"tensors":{"x":{"kind":"level","sparsity":1.5}}}')).toThrow(
      /x: sparsity must be in \[0, 1\], got 1\.5/,
    );
    expect(() => parsePlan('{"version":1,"tensors":{"x":{"kind":"lvl"}}}')).toThrow(/unknown method "lvl"/);
    expect(() => parsePlan('{"version":1,"tensors":{"nope":{"kind":"dense"}}}', ['fc1/kernel'])).toThrow(
      /does not have/,
    );
    expect(() => parsePlan('not json')).toThrow(/not valid JSON/);
  });
});

// Property-based tests of the plan read from the address (#plan=...) or a file: any text gives a plan
// every method of which validates, or a PlanFormatError; the result never gains a prototype.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams } from '../fuzz/fuzz-settings';
import { parsePlan, PlanFormatError, validateMethod } from './plan';

const method = fc.oneof(
  fc.record({ kind: fc.constantFrom('level', 'random', 'global', 'structured'), sparsity: fc.jsonValue() }),
  fc.record({ kind: fc.constant('magnitude'), threshold: fc.jsonValue() }),
  fc.record({ kind: fc.constant('nm'), n: fc.jsonValue(), m: fc.jsonValue() }),
  fc.record({ kind: fc.constant('remaining'), amounts: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('structured'),
    sparsity: fc.double({ min: 0, max: 1 }),
    group: fc.constantFrom('filters', 'rows', 'x'),
    norm: fc.constantFrom('l1', 'l2', 'x'),
  }),
  fc.jsonValue({ maxDepth: 2 }),
);
const tensorName = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'toString'));
const plan = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 0 })),
    tensors: fc.oneof(fc.dictionary(tensorName, method, { maxKeys: 4 }), fc.jsonValue({ maxDepth: 1 })),
    limits: fc.oneof(
      fc.record({ minSparsity: fc.jsonValue({ maxDepth: 0 }), maxSparsity: fc.double({ min: -1, max: 2 }) }),
      fc.jsonValue({ maxDepth: 1 }),
    ),
  },
  { requiredKeys: [] },
);
const planText = fc.oneof(
  plan.map((p) => JSON.stringify(p)),
  fc
    .dictionary(tensorName, method, { maxKeys: 3 })
    .map((tensors) =>
      JSON.stringify({ version: 1, tensors })
        .replace('"tensors":{', '"tensors":{"__proto__":{"kind":"level","sparsity":0.5},')
        .replace(',}', '}'),
    ),
  fc.string({ maxLength: 30 }),
);

describe('the plan in the address', () => {
  it('any text: a plan whose methods all validate and that has no inherited tensor, or a PlanFormatError', () => {
    fc.assert(
      fc.property(planText, (text) => {
        let parsed;
        try {
          parsed = parsePlan(text);
        } catch (err) {
          if (!(err instanceof PlanFormatError)) throw err;
          expect(err.message).not.toMatch(/\n/);
          return;
        }
        expect(parsed.version).toBe(1);
        expect(Object.getPrototypeOf(parsed.tensors)).toBe(Object.prototype);
        for (const [name, m] of Object.entries(parsed.tensors)) validateMethod(name, m);
        expect(JSON.parse(text).tensors).not.toHaveProperty('__proto__.kind');
        expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
      }),
      fuzzParams(500),
    );
  });
});

it('a tensor named "__proto__" is refused instead of replacing the plan\'s prototype', () => {
  expect(() => parsePlan('{"version":1,"tensors":{"__proto__":{"kind":"level","sparsity":0.5}}}')).toThrow(
    new PlanFormatError('plan names a tensor "__proto__", which cannot be a tensor'),
  );
});

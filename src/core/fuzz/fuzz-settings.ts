// Shared settings of the property-based parser tests: a fixed seed and a bounded number of runs in
// `npm test`; `npm run fuzz` raises the runs (FUZZ_SCALE) and may pick the seed (FUZZ_SEED).
import fc from 'fast-check';
import { expect } from 'vitest';

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const seed = Number(process.env.FUZZ_SEED ?? 1302);

/** fast-check parameters for a property run `runs` times in the unit suite (scaled by FUZZ_SCALE). */
export function fuzzParams<T>(runs: number): fc.Parameters<T> {
  return { seed, numRuns: Math.max(1, Math.round(runs * (Number.isFinite(scale) ? scale : 1))), endOnFailure: true };
}

/** Per-property time allowance in the unit suite; scaled with the runs. */
export function fuzzTimeout(ms: number): number {
  return Math.round(ms * Math.max(1, Number.isFinite(scale) ? scale : 1));
}

/** The value type an arbitrary generates. */
export type CaseOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The refusal property: `err` is one of the parser's typed errors, its message names `file`, and it
 * is one line (the CLI prints it as `prunelab: <message>`).
 */
export function expectCleanRefusal(err: unknown, types: ErrorClass[], file: string): void {
  if (!types.some((t) => err instanceof t)) throw err;
  const message = (err as Error).message;
  expect(message).toContain(file);
  expect(message).not.toMatch(/\n/);
}

/** Runs `parse` and checks it returns (then `valid` checks the value) or refuses cleanly. */
export async function parsesOrRefuses<T>(
  parse: () => T | Promise<T>,
  types: ErrorClass[],
  file: string,
  valid: (value: T) => void,
): Promise<'value' | 'refused'> {
  let value: T;
  try {
    value = await parse();
  } catch (err) {
    expectCleanRefusal(err, types, file);
    return 'refused';
  }
  valid(value);
  return 'value';
}

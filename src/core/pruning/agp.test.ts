import { describe, expect, it } from 'vitest';
import {
  PruningInputError,
  agpPruningEpochs,
  agpSparsity,
  polynomialDecayShouldPrune,
  polynomialDecaySparsity,
} from './index';

// REFERENCE: s_i 0.05, s_f 0.91, t0 0, t_end 18, freq 2 -> span 16
const schedule = { si: 0.05, sf: 0.91, t0: 0, tEnd: 18, freq: 2 };
const expected = [0.05, 0.33387, 0.54719, 0.70004, 0.8025, 0.86465, 0.89656, 0.90832, 0.91];

describe('AGP (Distiller)', () => {
  it('pins the REFERENCE vector to 5 decimals', () => {
    const epochs = agpPruningEpochs(schedule);
    expect(epochs).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
    epochs.forEach((t, i) => expect(agpSparsity(t, schedule)).toBeCloseTo(expected[i], 5));
  });
  it('reaches s_f exactly at t0 + span and holds outside the schedule', () => {
    expect(agpSparsity(16, schedule)).toBe(0.91);
    expect(agpSparsity(17, schedule)).toBe(0.91);
    expect(agpSparsity(-3, schedule)).toBeCloseTo(0.05, 12);
    // t0 1, tEnd 10, freq 4: span = floor(8 / 4) * 4 = 8; halfway 0.5 - 0.5 * 0.5^3
    const other = { si: 0, sf: 0.5, t0: 1, tEnd: 10, freq: 4 };
    expect(agpSparsity(5, other)).toBeCloseTo(0.4375, 12);
    expect(agpSparsity(9, other)).toBe(0.5);
    expect(agpPruningEpochs(other)).toEqual([1, 5, 9]);
  });
  it('refuses a schedule with no span', () => {
    expect(() => agpSparsity(0, { ...schedule, tEnd: 1 })).toThrow(PruningInputError);
    expect(() => agpSparsity(0, { ...schedule, freq: 0 })).toThrow(/frequency/);
  });
});

describe('PolynomialDecay (TF-MOT)', () => {
  const pd = { si: 0.05, sf: 0.91, begin: 0, end: 16 };
  it('with power 3 over [0, 16] it is the same cubic', () => {
    [0, 2, 4, 6, 8, 10, 12, 14, 16].forEach((t, i) =>
      expect(polynomialDecaySparsity(t, pd)).toBeCloseTo(expected[i], 5),
    );
  });
  it('clips p to [0, 1] and honours power', () => {
    expect(polynomialDecaySparsity(-5, pd)).toBeCloseTo(0.05, 12);
    expect(polynomialDecaySparsity(100, pd)).toBeCloseTo(0.91, 12);
    expect(polynomialDecaySparsity(8, { ...pd, power: 1 })).toBeCloseTo(0.48, 12);
    expect(() => polynomialDecaySparsity(1, { ...pd, end: 0 })).toThrow(/end_step > begin_step/);
  });
  it('prunes every `frequency` steps within [begin, end]', () => {
    const s = { ...pd, begin: 10, end: 50, frequency: 20 };
    expect([0, 10, 20, 30, 50, 70].map((t) => polynomialDecayShouldPrune(t, s))).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
  });
});

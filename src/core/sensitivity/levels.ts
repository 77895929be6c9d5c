// Sparsity levels of a sweep, written as "start:stop:step" (stop included) or as a list "0,0.1,0.5".
import { SensitivityInputError } from './errors';

/** Rounds away binary noise such as 0.15000000000000002 (levels are decimal fractions). */
export function roundLevel(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}

function rangeLevels(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  // Index-based so that errors do not accumulate; stop is included within 1e-9.
  for (let i = 0; ; i++) {
    const v = start + i * step;
    if (v > stop + 1e-9) break;
    out.push(roundLevel(Math.min(v, stop)));
  }
  return out;
}

/** Distiller's default: 0.00, 0.05, ..., 0.90 (19 levels). */
export const DEFAULT_LEVELS: readonly number[] = Object.freeze(rangeLevels(0, 0.9, 0.05));

function parseNumber(text: string, spec: string, what: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new SensitivityInputError(`levels ${spec}: ${what} '${text}' is not a number`);
  return v;
}

function checkInUnit(v: number, spec: string, what: string): void {
  if (v < 0 || v > 1) {
    throw new SensitivityInputError(
      `levels ${spec}: ${what} ${v} is outside [0, 1] (sparsity is a fraction, not a percent)`,
    );
  }
}

/**
 * "start:stop:step" (e.g. "0:0.9:0.05", stop included) or a comma-separated list ("0,0.1,0.5").
 * Returns the levels rounded to 1e-10; a list keeps its order and drops exact duplicates.
 */
export function parseLevels(spec: string): number[] {
  const text = spec.trim();
  if (text === '')
    throw new SensitivityInputError(
      'levels are empty: give "start:stop:step" (e.g. 0:0.9:0.05) or a list (e.g. 0,0.1,0.5)',
    );
  if (text.includes(':')) {
    const parts = text.split(':');
    if (parts.length !== 3) {
      throw new SensitivityInputError(
        `levels ${text}: a range has three parts start:stop:step (e.g. 0:0.9:0.05); got ${parts.length}`,
      );
    }
    const [start, stop, step] = [
      parseNumber(parts[0], text, 'start'),
      parseNumber(parts[1], text, 'stop'),
      parseNumber(parts[2], text, 'step'),
    ];
    checkInUnit(start, text, 'start');
    checkInUnit(stop, text, 'stop');
    if (step <= 0) throw new SensitivityInputError(`levels ${text}: step ${step} must be greater than 0`);
    if (start > stop) throw new SensitivityInputError(`levels ${text}: start ${start} is greater than stop ${stop}`);
    return rangeLevels(start, stop, step);
  }
  const values: number[] = [];
  for (const [i, part] of text.split(',').entries()) {
    if (part.trim() === '') throw new SensitivityInputError(`levels ${text}: entry ${i + 1} is empty`);
    const v = parseNumber(part, text, `entry ${i + 1}`);
    checkInUnit(v, text, `entry ${i + 1}`);
    const r = roundLevel(v);
    if (!values.includes(r)) values.push(r);
  }
  return values;
}

/** Throws unless `levels` is a non-empty list of numbers in [0, 1]. */
export function checkLevels(levels: readonly number[]): void {
  if (levels.length === 0) throw new SensitivityInputError('levels are empty: give at least one sparsity level');
  for (const v of levels) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new SensitivityInputError(`sparsity level ${String(v)} is outside [0, 1] (a fraction, not a percent)`);
    }
  }
}

import { describe, expect, it } from 'vitest';
import { HAN_DEFAULT_DISTILL } from '../core/schedule/han-settings';
import { CliError } from './errors';
import { parseDistill } from './schedule';
import { maskRuns } from '../core/report/masks-json';

describe('parseDistill', () => {
  it('reads TEMPERATURE,ALPHA, none, or falls back to the experiment default', () => {
    expect(parseDistill('4,0.3')).toEqual({ temperature: 4, alpha: 0.3 });
    expect(parseDistill(' 2 , 1 ')).toEqual({ temperature: 2, alpha: 1 });
    expect(parseDistill('none')).toBeNull();
    expect(parseDistill(undefined)).toEqual(HAN_DEFAULT_DISTILL);
  });

  it('rejects malformed values with the expected form', () => {
    for (const bad of ['4', '0,0.3', '4,1.5', 'x,0.3', '4,0.3,1']) {
      expect(() => parseDistill(bad)).toThrow(CliError);
      expect(() => parseDistill(bad)).toThrow(/TEMPERATURE,ALPHA/);
    }
  });
});

describe('maskRuns', () => {
  it('encodes alternating runs from the first value', () => {
    expect(maskRuns(Uint8Array.from([1, 1, 0, 0, 0, 1]))).toEqual({ first: 1, runs: [2, 3, 1] });
    expect(maskRuns(Uint8Array.from([0]))).toEqual({ first: 0, runs: [1] });
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVELS, parseLevels } from './levels';

describe('parseLevels', () => {
  it('expands start:stop:step with stop included and clean decimals', () => {
    expect(DEFAULT_LEVELS).toHaveLength(19);
    expect(DEFAULT_LEVELS[3]).toBe(0.15);
    expect(DEFAULT_LEVELS[18]).toBe(0.9);
    expect(parseLevels('0:0.9:0.05')).toEqual([...DEFAULT_LEVELS]);
    expect(parseLevels('0.1:0.3:0.1')).toEqual([0.1, 0.2, 0.3]);
    expect(parseLevels('0:1:0.3')).toEqual([0, 0.3, 0.6, 0.9]);
    expect(parseLevels('0.5:0.5:0.1')).toEqual([0.5]);
  });
  it('reads a list', () => {
    expect(parseLevels('0, 0.1,0.5')).toEqual([0, 0.1, 0.5]);
    expect(parseLevels('0.3')).toEqual([0.3]);
  });
  it('refuses bad specs with a clear message', () => {
    expect(() => parseLevels('0.5:0.1:0.05')).toThrow('levels 0.5:0.1:0.05: start 0.5 is greater than stop 0.1');
    expect(() => parseLevels('0:0.9:0')).toThrow('step 0 must be greater than 0');
    expect(() => parseLevels('0:0.9:-0.1')).toThrow('step -0.1 must be greater than 0');
    expect(() => parseLevels('0:90:5')).toThrow('stop 90 is outside [0, 1]');
    expect(() => parseLevels('0,1.5')).toThrow('entry 2 1.5 is outside [0, 1]');
    expect(() => parseLevels('')).toThrow('levels are empty');
    expect(() => parseLevels('0,,1')).toThrow('entry 2 is empty');
    expect(() => parseLevels('a:1:0.1')).toThrow("start 'a' is not a number");
    expect(() => parseLevels('0:1')).toThrow('three parts');
  });
});

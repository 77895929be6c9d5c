import { describe, expect, it } from 'vitest';
import { ellipsize, int } from './format';

describe('ellipsize', () => {
  it('keeps a name that fits', () => {
    expect(ellipsize('conv1/kernel', 12)).toBe('conv1/kernel');
  });
  it('cuts the middle, keeping the start and the end, to exactly max characters', () => {
    expect(ellipsize('block_12_expand/kernel', 16)).toBe('block_12…/kernel');
    expect(ellipsize('abcdefghij', 5)).toBe('ab…ij');
    expect(ellipsize('abcdefghij', 6)).toBe('abc…ij');
    expect(ellipsize('abcdefghij', 6)).toHaveLength(6);
  });
  it('keeps at least one character and the ellipsis', () => {
    expect(ellipsize('abcdef', 1)).toBe('a…');
  });
});

describe('int', () => {
  it('groups thousands as en-US does', () => {
    expect(int(1234567)).toBe('1,234,567');
    expect(int(0)).toBe('0');
    expect(int(-5000)).toBe('-5,000');
  });
});

import { describe, expect, it } from 'vitest';
import { keptPerOutput } from './chart-tables';

describe('keptPerOutput', () => {
  it('counts kept weights per output channel, the last axis', () => {
    // a dense [in=2, out=3] kernel: row-major, so index i sits in output i % 3
    const mask = Uint8Array.from([1, 0, 1, 1, 1, 0]);
    expect(keptPerOutput(mask, [2, 3])).toEqual([
      { kept: 2, total: 2 },
      { kept: 1, total: 2 },
      { kept: 1, total: 2 },
    ]);
  });

  it('counts a conv kernel [kh, kw, in, out] per filter, and a dense tensor as all kept', () => {
    // filter 1 of a [1, 2, 2, 2] kernel pruned whole
    const mask = Uint8Array.from([1, 0, 1, 0, 0, 0, 1, 0]);
    expect(keptPerOutput(mask, [1, 2, 2, 2])).toEqual([
      { kept: 3, total: 4 },
      { kept: 0, total: 4 },
    ]);
    expect(keptPerOutput(null, [3, 2])).toEqual([
      { kept: 3, total: 3 },
      { kept: 3, total: 3 },
    ]);
  });
});

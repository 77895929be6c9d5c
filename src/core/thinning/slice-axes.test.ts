import { describe, expect, it } from 'vitest';
import { sliceAxes } from './slice-axes';

describe('sliceAxes', () => {
  it('drops indices on several axes of a row-major tensor', () => {
    // shape [2, 3, 4], value = 100 a + 10 b + c
    const data = new Float32Array(24);
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 3; b++) for (let c = 0; c < 4; c++) data[(a * 3 + b) * 4 + c] = 100 * a + 10 * b + c;
    const out = sliceAxes(
      data,
      [2, 3, 4],
      new Map([
        [1, new Set([1])],
        [2, new Set([0, 3])],
      ]),
    );
    expect(out.shape).toEqual([2, 2, 2]);
    expect([...out.data]).toEqual([1, 2, 21, 22, 101, 102, 121, 122]);
  });

  it('handles rank 1 and untouched tensors', () => {
    expect([...sliceAxes(new Float32Array([5, 6, 7]), [3], new Map([[0, new Set([1])]])).data]).toEqual([5, 7]);
    expect([...sliceAxes(new Float32Array([1, 2, 3, 4]), [2, 2], new Map()).data]).toEqual([1, 2, 3, 4]);
  });
});

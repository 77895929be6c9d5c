import { describe, expect, it } from 'vitest';
import { countAxis, linear, niceTicks } from './weight-histogram-scale';

describe('the histogram scales', () => {
  it('maps a domain onto pixels', () => {
    const x = linear(-1, 1, 50, 250);
    expect([x(-1), x(0), x(1)]).toEqual([50, 150, 250]);
  });

  it('round ticks inside the weight range', () => {
    expect(niceTicks(-0.85, 0.41)).toEqual({ ticks: [-0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4], step: 0.2, decimals: 1 });
    expect(niceTicks(-0.031, 0.029, 4).ticks).toEqual([-0.02, 0, 0.02]);
    expect(niceTicks(-0.031, 0.029, 4).decimals).toBe(2);
    expect(niceTicks(2, 2)).toEqual({ ticks: [2], step: 0, decimals: 3 });
  });

  it('linear counts start at 0; the top tick covers the tallest bin', () => {
    const { y, ticks } = countAxis('linear', 293, 200, 0);
    expect(ticks).toEqual([0, 100, 200, 300]);
    expect(y(0)).toBe(200);
    expect(y(300)).toBe(0);
  });

  it('log counts: decades up to the tallest bin, one weight still above the axis, empty bins on it', () => {
    const { y, ticks } = countAxis('log', 293, 200, 0);
    expect(ticks).toEqual([1, 10, 100, 1000]);
    expect(y(1000)).toBeCloseTo(0);
    expect(y(1)).toBeLessThan(200);
    expect(y(0)).toBe(200);
    expect(y(10) - y(100)).toBeCloseTo(y(100) - y(1000));
  });
});

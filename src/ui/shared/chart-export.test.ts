import { describe, expect, it } from 'vitest';
import { layoutLegend, resolveCssVars } from './chart-export';

describe('chart export helpers', () => {
  const vars: Record<string, string> = { '--accent': ' #2f6fed', '--grid': '#e7eaf1' };
  const lookup = (name: string) => vars[name] ?? '';

  it('resolves CSS variables, with fallbacks for unknown ones', () => {
    expect(resolveCssVars('var(--accent)', lookup)).toBe('#2f6fed');
    expect(resolveCssVars('1px solid var( --grid )', lookup)).toBe('1px solid #e7eaf1');
    expect(resolveCssVars('var(--nope, #123456)', lookup)).toBe('#123456');
    expect(resolveCssVars('#ffffff', lookup)).toBe('#ffffff');
  });

  it('flows legend items into rows that fit the width', () => {
    // each item: 14 swatch + 6 gap + ceil(len * 12 * 0.6) text; 18 between items; 12 padding
    const items = ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc'].map((label) => ({ label, color: '#000' }));
    // width of one item: 14 + 6 + 72 = 92
    const wide = layoutLegend(items, 1000);
    expect(wide.items.map((i) => [i.x, i.y])).toEqual([
      [12, 12],
      [122, 12],
      [232, 12],
    ]);
    expect(wide.height).toBe(12 + 20 + 12 - 4);
    // 12 + 92 + 18 + 92 = 214 > 220 - 12: the second item wraps
    const narrow = layoutLegend(items, 220);
    expect(narrow.items.map((i) => [i.x, i.y])).toEqual([
      [12, 12],
      [12, 32],
      [12, 52],
    ]);
    expect(narrow.height).toBe(52 + 20 + 12 - 4);
    expect(layoutLegend([], 500).height).toBe(0);
  });
});

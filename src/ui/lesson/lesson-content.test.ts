import { describe, expect, it } from 'vitest';
import { LESSON_STEPS } from '../../core/lesson/lesson-steps';
import { en } from '../../i18n/en';
import { ko } from '../../i18n/ko';
import { formulaHtml } from './formula';

describe('lesson formulas', () => {
  it('every formula typesets with KaTeX (throwOnError) into HTML and MathML', () => {
    for (const step of LESSON_STEPS) {
      const html = formulaHtml(step.formula);
      expect(html).toContain('class="katex-display"');
      expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">');
      expect(html).not.toContain('katex-error');
    }
  });

  it('a formula KaTeX cannot read is an error, not red text', () => {
    expect(() => formulaHtml(String.raw`\frac{1}{`)).toThrow(/KaTeX parse error/);
    expect(() => formulaHtml(String.raw`\notacommand x`)).toThrow(/Undefined control sequence/);
  });

  it('the MathML carries the symbols a screen reader reads: the L0 norm and the strict threshold', () => {
    expect(formulaHtml(LESSON_STEPS[0].formula)).toMatch(/<mi>w<\/mi>.*<mn>0<\/mn>/s);
    expect(formulaHtml(LESSON_STEPS[1].formula)).toContain('<mo>&gt;</mo>');
  });
});

describe('lesson text', () => {
  it('both languages have a title, a text and a target for exactly the lesson steps', () => {
    const ids = LESSON_STEPS.map((s) => s.id).sort();
    for (const catalog of [en, ko]) {
      expect(Object.keys(catalog.lesson.steps).sort()).toEqual(ids);
      for (const id of ids) expect(Object.keys(catalog.lesson.steps[id]).sort()).toEqual(['target', 'text', 'title']);
    }
  });

  it('the Korean text uses the lesson vocabulary', () => {
    const all = JSON.stringify(ko.lesson);
    for (const word of ['가지치기', '희소도', '밀도', '민감도 분석', '임계값', '미세 조정'])
      expect(all).toContain(word);
  });
});

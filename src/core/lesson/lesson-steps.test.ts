import { describe, expect, it } from 'vitest';
import { CITATIONS, LESSON_LEVELS, LESSON_STEPS, lessonParamOf, lessonStepFromParam } from './lesson-steps';

describe('the lesson steps', () => {
  it('follow the material: sparsity, magnitude, granularity, sensitivity, Han, schedules, Li', () => {
    expect(LESSON_STEPS.map((s) => s.id)).toEqual([
      'sparsity',
      'magnitude',
      'granularity',
      'sensitivity',
      'han',
      'schedules',
      'li',
    ]);
  });

  it('each cites at least one known source and asks for one view of one demo', () => {
    for (const step of LESSON_STEPS) {
      expect(step.citations.length).toBeGreaterThan(0);
      for (const c of step.citations) expect(CITATIONS[c]).toBeDefined();
      expect(['lenet300', 'lenet5', 'vgg']).toContain(step.showMe.demo);
    }
    expect(LESSON_STEPS.find((s) => s.id === 'li')!.citations).toEqual(['li2017']);
    expect(CITATIONS.li2017).toMatchObject({ title: 'Pruning Filters for Efficient ConvNets', venue: 'ICLR 2017' });
    expect(CITATIONS.han2015.title).toBe('Learning both Weights and Connections for Efficient Neural Networks');
  });

  it('their "Show me" targets put the figure of the step beside it', () => {
    const target = (id: string) => LESSON_STEPS.find((s) => s.id === id)!.showMe;
    expect(target('sparsity')).toMatchObject({ view: 'prune', inspectTab: 'sparsity-table' });
    expect(target('magnitude')).toMatchObject({
      view: 'prune',
      inspectTab: 'histogram',
      pruneAll: { kind: 'magnitude' },
    });
    expect(target('granularity')).toMatchObject({ demo: 'vgg', pruneAll: { kind: 'structured', group: 'filters' } });
    expect(target('sensitivity')).toMatchObject({ view: 'sensitivity', sweep: { group: 'element' } });
    expect(target('han')).toMatchObject({ demo: 'lenet300', view: 'schedule', focus: 'han' });
    expect(target('schedules').agp).toMatchObject({ initialSparsity: 0.05, finalSparsity: 0.92 });
    expect(target('li')).toMatchObject({ demo: 'vgg', view: 'sensitivity', sweep: { group: 'filter' } });
  });

  it('the sweep levels are the ones the sensitivity formula names', () => {
    expect(LESSON_LEVELS).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(LESSON_STEPS[3].formula).toContain(String.raw`s \in \{0, 0.1, \dots, 0.9\}`);
  });

  it('use the reference notation: strict > for the magnitude mask, floor for the level count, the cubic AGP', () => {
    const f = Object.fromEntries(LESSON_STEPS.map((s) => [s.id, s.formula]));
    expect(f.magnitude).toContain(String.raw`|w_i| > \lambda`);
    expect(f.magnitude).toContain(String.raw`k = \lfloor s\, n \rfloor`);
    expect(f.li).toContain(String.raw`\left| F_{j,c,u,v} \right|`);
    expect(f.schedules).toContain(String.raw`(s_i - s_f)\left(1 - \frac{t - t_0}{n\,\Delta t}\right)^{3}`);
    expect(f.granularity).toContain(String.raw`\frac{C_{in}}{g} \cdot k_h\, k_w`);
  });
});

describe('the lesson step in the address', () => {
  it('is 1-based and clamped into the lesson', () => {
    expect(lessonStepFromParam('1')).toBe(0);
    expect(lessonStepFromParam('7')).toBe(6);
    expect(lessonStepFromParam('99')).toBe(6);
    expect(lessonStepFromParam('0')).toBe(0);
  });

  it('names no step when absent or not a whole number', () => {
    expect(lessonStepFromParam(null)).toBeNull();
    expect(lessonStepFromParam('')).toBeNull();
    expect(lessonStepFromParam('2.5')).toBeNull();
    expect(lessonStepFromParam('abc')).toBeNull();
  });

  it('round-trips every step, and a closed lesson writes nothing', () => {
    for (let i = 0; i < LESSON_STEPS.length; i++) expect(lessonStepFromParam(lessonParamOf(i))).toBe(i);
    expect(lessonParamOf(null)).toBeNull();
  });
});

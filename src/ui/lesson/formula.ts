// Typesetting a lesson formula with KaTeX: HTML for the eye, MathML for screen readers. A formula
// that KaTeX cannot read throws (no silent red source text in front of a class).
import katex, { type KatexOptions } from 'katex';

export const FORMULA_OPTIONS: KatexOptions = { throwOnError: true, output: 'htmlAndMathml', displayMode: true };

/**
 * Renders into `element` through the DOM (KaTeX sets its sizes through element.style), which the
 * page's Content Security Policy allows; style attributes in an HTML string (renderToString) it blocks.
 */
export function renderFormula(tex: string, element: HTMLElement): void {
  katex.render(tex, element, FORMULA_OPTIONS);
}

/** The same typesetting as a string (tests, reports). */
export function formulaHtml(tex: string): string {
  return katex.renderToString(tex, FORMULA_OPTIONS);
}

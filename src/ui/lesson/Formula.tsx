import { useLayoutEffect, useRef } from 'react';
import { renderFormula } from './formula';

/** A formula typeset by KaTeX (HTML, with MathML for screen readers). */
export function Formula({ tex, label }: { tex: string; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) renderFormula(tex, ref.current);
  }, [tex]);
  return <div ref={ref} className="lesson-formula" role="group" aria-label={label} data-testid="lesson-formula" />;
}

import { useLayoutEffect, useRef } from 'react';
import { renderFormula } from './formula';

/** A formula typeset by KaTeX (HTML, with MathML for screen readers). */
export function Formula({ tex, label }: { tex: string; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) renderFormula(tex, ref.current);
  }, [tex]);
  // a wide formula scrolls sideways (large type in presenter mode): keyboard users reach it too
  return (
    <div
      ref={ref}
      className="lesson-formula"
      role="group"
      aria-label={label}
      tabIndex={0}
      data-testid="lesson-formula"
    />
  );
}

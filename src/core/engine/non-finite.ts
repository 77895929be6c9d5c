// NaN and infinite weights in a model someone dropped: the model still opens, and the lab says which
// tensors hold them and what pruning does with them. Ordering |w| puts ±Infinity above every finite
// weight and NaN above that (as torch.sort and torch.topk do), so the torch convention prunes them
// last; Distiller's rule ends in a comparison (|w| > λ, false for NaN), so the distiller and tfmot
// conventions and the threshold pruners (λ, s·σ) prune every NaN weight (pruning/element-masks.ts).

/** One notice per tensor that holds NaN or ±Infinity values; none for a finite model. */
export function nonFiniteNotices(names: readonly string[], values: (name: string) => Float32Array): string[] {
  const notices: string[] = [];
  for (const name of names) {
    const w = values(name);
    let nan = 0;
    let inf = 0;
    for (let i = 0; i < w.length; i++) {
      if (Number.isNaN(w[i])) nan++;
      else if (!Number.isFinite(w[i])) inf++;
    }
    if (nan + inf === 0) continue;
    notices.push(
      `${name} holds ${nan} NaN and ${inf} infinite values (of ${w.length}): the model's outputs may be NaN or ` +
        'infinite; ranked pruning orders NaN above ±Infinity above every finite |w| (torch convention: NaN ' +
        'pruned last), and a threshold comparison (distiller and tfmot conventions, λ and s·σ pruners) prunes NaN',
    );
  }
  return notices;
}

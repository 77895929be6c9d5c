// NaN and infinite weights in a model someone dropped: the model still opens, and the lab says which
// tensors hold them and what pruning does with them. Ordering |w| puts ±Infinity above every finite
// weight (so ranked pruning removes them last); a tensor holding NaN has no order, and every method
// that ranks or thresholds |w| refuses it with a PruningInputError.

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
        'infinite; pruning ranks ±Infinity above every finite weight and refuses a tensor holding NaN',
    );
  }
  return notices;
}

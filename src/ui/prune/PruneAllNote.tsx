import type { PruneAllScope } from '../../core/plan/prune-all';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Says which layers "Prune all" changes and which it leaves alone, and why. */
export function PruneAllNote(props: { scope: PruneAllScope; ranks: readonly number[] }) {
  const { applies, leftOut } = props.scope;
  const kind = props.ranks.includes(4) ? 'conv' : 'dense';
  const other = kind === 'conv' ? 'dense' : 'conv';
  const byRank = leftOut.filter((l) => l.why === 'rank').length;
  const outputs = leftOut.filter((l) => l.why === 'output').map((l) => l.name);
  const skipped = leftOut.filter((l) => l.why === 'skip').length;
  if (!applies.length && byRank === leftOut.length)
    return <span>No layer of this model is a {kind} layer, so it does not apply here.</span>;
  if (!leftOut.length) return null;
  return (
    <span data-testid="prune-all-scope">
      Applies to {plural(applies.length, 'layer')}
      {byRank > 0 && `; the ${plural(byRank, `${other} layer`)} keep their method`}
      {outputs.length > 0 &&
        `; ${outputs.join(', ')} ${outputs.length === 1 ? 'is left out: its' : 'are left out: their'} units` +
          ' are the model’s outputs (the classes)'}
      {skipped > 0 && `; ${plural(skipped, 'layer')} skipped (kept dense)`}.
    </span>
  );
}

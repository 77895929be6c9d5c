import { useTranslation } from 'react-i18next';
import type { PruneAllScope } from '../../core/plan/prune-all';

/** Says which layers "Prune all" changes and which it leaves alone, and why. */
export function PruneAllNote(props: { scope: PruneAllScope; ranks: readonly number[] }) {
  const { t } = useTranslation();
  const { applies, leftOut } = props.scope;
  const kind = props.ranks.includes(4) ? 'conv' : 'dense';
  const other = kind === 'conv' ? 'dense' : 'conv';
  const byRank = leftOut.filter((l) => l.why === 'rank').length;
  const outputs = leftOut.filter((l) => l.why === 'output').map((l) => l.name);
  const skipped = leftOut.filter((l) => l.why === 'skip').length;
  if (!applies.length && byRank === leftOut.length)
    return <span>{t('prune.scope.noLayer', { kind: t(`prune.scope.${kind}`) })}</span>;
  if (!leftOut.length) return null;
  const names = outputs.join(', ');
  return (
    <span data-testid="prune-all-scope">
      {t('prune.scope.applies', { count: applies.length })}
      {byRank > 0 && t('prune.scope.otherKeep', { count: byRank, kind: t(`prune.scope.${other}`) })}
      {outputs.length > 0 && t(outputs.length === 1 ? 'prune.scope.outputOne' : 'prune.scope.outputMany', { names })}
      {skipped > 0 && t('prune.scope.skipped', { count: skipped })}.
    </span>
  );
}

import { useTranslation } from 'react-i18next';
import { rowTensors, type CouplingRow } from '../../core/graph/coupling-list';
import { useLab } from '../shared/use-lab';

const NO_ROWS: never[] = [];

/** A tensor name that shows its mask (and so picks its group) when clicked. */
function TensorButton({ name, picked }: { name: string; picked: boolean }) {
  const showMask = useLab((s) => s.showMask);
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="link tensor-name"
      aria-pressed={picked}
      title={t('prune.coupling.showMask', { name })}
      onClick={() => void showMask(name)}
    >
      {name}
    </button>
  );
}

function Names({ names, picked }: { names: string[]; picked: string | null }) {
  return (
    <>
      {names.map((n, i) => (
        <span key={n}>
          {i > 0 && ', '}
          <TensorButton name={n} picked={n === picked} />
        </span>
      ))}
    </>
  );
}

function Row({ row, picked }: { row: CouplingRow; picked: string | null }) {
  const hit = picked !== null && rowTensors(row).includes(picked);
  const t = row.tensors;
  const { t: tr } = useTranslation();
  return (
    <li className={hit ? 'picked' : undefined} aria-current={hit || undefined}>
      <strong>
        <Names names={t.producers} picked={picked} />
      </strong>
      {row.via.length > 0 && <span>{tr('prune.coupling.via', { names: row.via.join(', ') })}</span>}
      {t.depthwise.length > 0 && (
        <span>
          {' '}
          {tr('prune.coupling.depthwise')} <Names names={t.depthwise} picked={picked} />
        </span>
      )}
      {t.readers.length > 0 && (
        <span>
          {' '}
          {tr('prune.coupling.inputsOf')} <Names names={t.readers} picked={picked} />
        </span>
      )}
      {!row.prunable && <em title={row.reason}>{tr('prune.coupling.notPrunable')}</em>}
    </li>
  );
}

/** Which weight tensors lose their channels together; the group of the tensor picked for the masks view stands out. */
export function CouplingGroups() {
  const rows = useLab((s) => s.model?.couplings ?? NO_ROWS);
  const picked = useLab((s) => s.maskTensor);
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <section className="panel coupling-groups" aria-label={t('prune.coupling.title')}>
      <h2>{t('prune.coupling.title')}</h2>
      <p className="hint">{t('prune.coupling.hint')}</p>
      <ol>
        {rows.map((r) => (
          <Row key={r.producers.join('|')} row={r} picked={picked} />
        ))}
      </ol>
    </section>
  );
}

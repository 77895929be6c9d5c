import { useLab } from '../shared/use-lab';

const NO_ROWS: never[] = [];

/** Which layers lose their channels together; the groups of the layer picked for the masks view stand out. */
export function CouplingGroups() {
  const rows = useLab((s) => s.model?.couplings ?? NO_ROWS);
  const picked = useLab((s) => s.model?.tensors.find((t) => t.name === s.maskTensor)?.layerName ?? null);
  if (rows.length === 0) return null;
  return (
    <section className="panel coupling-groups" aria-label="Coupled layers">
      <h2>Coupled layers</h2>
      <p className="hint">Removing a filter of the first layers removes the same channel from every layer listed.</p>
      <ol>
        {rows.map((r) => {
          const all = [...r.producers, ...r.depthwise, ...r.batchNorms, ...r.readers];
          const hit = picked !== null && all.includes(picked);
          return (
            <li key={r.producers.join('|')} className={hit ? 'picked' : undefined} aria-current={hit || undefined}>
              <strong>{r.producers.join(' + ')}</strong>
              {r.via.length > 0 && <span> via {r.via.join(', ')}</span>}
              {r.depthwise.length > 0 && <span> → depthwise {r.depthwise.join(', ')}</span>}
              {r.readers.length > 0 && <span> → inputs of {r.readers.join(', ')}</span>}
              {!r.prunable && <em title={r.reason}> (not prunable)</em>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

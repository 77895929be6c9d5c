import { selectModel } from '../../state/selectors';
import { int, pct } from '../shared/format';
import { useLab } from '../shared/use-lab';

export function ModelCardPanel() {
  const model = useLab(selectModel);
  if (!model) return null;
  const card = model.card;
  const prunable = model.tensors.reduce((a, t) => a + t.size, 0);
  return (
    <section className="panel card" aria-label="Model">
      <h2>{card?.name ?? model.name}</h2>
      {card?.description && <p className="card-desc">{card.description}</p>}
      <dl className="facts">
        <dt>Parameters</dt>
        <dd>{int(model.params)}</dd>
        <dt>Prunable</dt>
        <dd>
          {int(prunable)} in {model.tensors.length} tensors
        </dd>
        <dt>Layers</dt>
        <dd>{model.layers.length}</dd>
        <dt>Output</dt>
        <dd>{model.outputs}</dd>
        {card?.metrics && (
          <>
            <dt>Card top-1</dt>
            <dd>
              {pct(card.metrics.top1)} (top-5 {pct(card.metrics.top5)})
            </dd>
          </>
        )}
        {card?.training && (
          <>
            <dt>Trained</dt>
            <dd>{describeTraining(card.training)}</dd>
          </>
        )}
      </dl>
      <details>
        <summary>Architecture</summary>
        <ol className="arch">
          {model.layers.map((l) => (
            <li key={l.name}>
              <span className="mono">{l.name}</span> <span className="muted">{l.class}</span>{' '}
              <span className="mono muted">{JSON.stringify(l.outputShape)}</span>
              {l.params > 0 && <span className="muted"> · {int(l.params)} params</span>}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}

function describeTraining(t: Record<string, unknown>): string {
  const parts = [t.framework, t.epochs && `${t.epochs} epochs`, t.optimizer, t.data].filter(Boolean);
  return parts.join(' · ');
}

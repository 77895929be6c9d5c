import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { selectModel } from '../../state/selectors';
import { int, pct } from '../shared/format';
import { useLab } from '../shared/use-lab';

export function ModelCardPanel() {
  const model = useLab(selectModel);
  const { t } = useTranslation();
  if (!model) return null;
  const card = model.card;
  const prunable = model.tensors.reduce((a, t) => a + t.size, 0);
  return (
    <section className="panel card" aria-label={t('app.card.label')}>
      <h2 translate="no">{card?.name ?? model.name}</h2>
      {card?.description && (
        <p className="card-desc" translate="no">
          {card.description}
        </p>
      )}
      <dl className="facts">
        <dt>{t('app.card.parameters')}</dt>
        <dd>{int(model.params)}</dd>
        <dt>{t('app.card.prunable')}</dt>
        <dd>{t('app.card.prunableValue', { n: int(prunable), tensors: model.tensors.length })}</dd>
        <dt>{t('app.card.layers')}</dt>
        <dd>{model.layers.length}</dd>
        <dt>{t('app.card.output')}</dt>
        <dd translate="no">{model.outputs}</dd>
        {card?.metrics && (
          <>
            <dt>{t('app.card.cardTop1')}</dt>
            <dd>{t('app.card.top1Value', { top1: pct(card.metrics.top1), top5: pct(card.metrics.top5) })}</dd>
          </>
        )}
        {card?.training && (
          <>
            <dt>{t('app.card.trained')}</dt>
            <dd translate="no">{describeTraining(card.training, t)}</dd>
          </>
        )}
      </dl>
      <details>
        <summary>{t('app.card.architecture')}</summary>
        <ol className="arch">
          {model.layers.map((l) => (
            <li key={l.name}>
              <span className="mono">{l.name}</span> <span className="muted">{l.class}</span>{' '}
              <span className="mono muted">{JSON.stringify(l.outputShape)}</span>
              {l.params > 0 && <span className="muted"> · {t('app.card.params', { n: int(l.params) })}</span>}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}

function describeTraining(training: Record<string, unknown>, t: TFunction): string {
  const { framework, epochs, optimizer, data } = training;
  const parts = [framework, epochs && t('app.card.epochs', { count: Number(epochs) }), optimizer, data].filter(Boolean);
  return parts.join(' · ');
}

import './han-retraining.css';
import { useTranslation } from 'react-i18next';
import { retrainingLoss, SHIPPED_TRAINING_IMAGES } from '../../core/schedule/retraining-loss';
import { useLab } from '../shared/use-lab';

/**
 * Which retraining Han's experiment uses: before a run, the one the training set's size picks (no
 * distillation on the full set, as Han et al.); after a run, the one it used.
 */
export function HanRetrainingNote() {
  const { t } = useTranslation();
  const trainingSet = useLab((s) => s.trainingSet);
  const used = useLab((s) => s.han?.retraining ?? null);
  const planned = retrainingLoss(trainingSet?.n ?? SHIPPED_TRAINING_IMAGES);
  const distill = planned.distill;
  return (
    <div className="han-retraining" data-testid="han-retraining">
      <p>
        {trainingSet && !distill
          ? t('lesson.han.fullSet', { name: trainingSet.name, n: trainingSet.n })
          : t('lesson.han.subset', {
              n: planned.trainingImages,
              temperature: distill?.temperature ?? '—',
              alpha: distill?.alpha ?? '—',
            })}
      </p>
      {used && (
        <p data-testid="han-retraining-used">
          {used.distill
            ? t('lesson.han.usedDistill', {
                n: used.trainingImages,
                temperature: used.distill.temperature,
                alpha: used.distill.alpha,
              })
            : t('lesson.han.usedPlain', { n: used.trainingImages })}
        </p>
      )}
    </div>
  );
}

// A pruning method's name and explanation in the page's language (core's METHODS keep the English ones).
import type { TFunction } from 'i18next';
import type { MethodChoice } from '../../core/plan/method-info';

export function methodText(t: TFunction, choice: MethodChoice): { label: string; explain: string } {
  return { label: t(`prune.method.${choice}.label`), explain: t(`prune.method.${choice}.explain`) };
}

import { METHODS, methodFor, type MethodChoice, type RankingDefaults } from '../../core/plan/method-info';
import { useTranslation } from 'react-i18next';
import type { TensorMethod } from '../../core/plan/plan';
import { methodText } from './method-text';

/** Picks a pruning method; lists only the methods that apply to the tensor's rank (all when rank is omitted). */
export function MethodSelect(props: {
  label: string;
  value: MethodChoice;
  rank?: number;
  disabled?: boolean;
  onChange(choice: MethodChoice): void;
}) {
  const options = METHODS.filter((m) => props.rank === undefined || (m.ranks as number[]).includes(props.rank));
  const { t } = useTranslation();
  const info = methodText(t, props.value);
  return (
    <select
      className="method-select"
      aria-label={props.label}
      title={info.explain}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value as MethodChoice)}
    >
      {options.map((m) => (
        <option key={m.choice} value={m.choice} title={methodText(t, m.choice).explain}>
          {methodText(t, m.choice).label}
        </option>
      ))}
    </select>
  );
}

export const NM_PATTERNS = ['2:4', '1:4', '4:8'] as const;
export const SENSITIVITY_MAX = 3;
export const SPARSITY_MAX = 0.99;

/** The slider range of a method: Han's s in [0, 3], every other slider a fraction in [0, 0.99]. */
export function sliderRange(choice: MethodChoice): { min: number; max: number; step: number } {
  return choice === 'sensitivity'
    ? { min: 0, max: SENSITIVITY_MAX, step: 0.05 }
    : { min: 0, max: SPARSITY_MAX, step: 0.01 };
}

/** Carries a slider value over to another method's range. */
export function carryValue(choice: MethodChoice, value: number): number {
  const { min, max } = sliderRange(choice);
  return Math.min(max, Math.max(min, value));
}

export function nmOf(m: TensorMethod): string {
  return m.kind === 'nm' ? `${m.n}:${m.m}` : NM_PATTERNS[0];
}

/** methodFor, plus the N:M pattern the N:M select chose. */
export function buildMethod(
  choice: MethodChoice,
  value: number,
  ranking: RankingDefaults,
  nm: string = NM_PATTERNS[0],
): TensorMethod {
  if (choice === 'nm') {
    const [n, m] = nm.split(':').map(Number);
    return { kind: 'nm', n, m };
  }
  return methodFor(choice, value, ranking);
}

import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { BUDGET_BOUNDS, type CurvePlan, type CurvePlanMethod } from '../../core/sensitivity/plan-from-curves';
import type { SensitivityRun } from '../../state/types';
import { int, signed } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';

/** From the curves to a per-layer plan under an accuracy-drop budget, and the measured truth of it. */
/** The predicted drop and the budget it keeps, in words (core's predictedDropText, in the page's language). */
function predictedDrop(plan: CurvePlan, t: TFunction): string {
  const figures = { drop: plan.predictedDrop.toFixed(2), budget: plan.budget.pp.toFixed(2) };
  if (plan.budget.per === 'layer') return t('sensitivity.plan.dropLayer', figures);
  const within = plan.predictedDrop <= plan.budget.pp + 1e-9;
  return t(within ? 'sensitivity.plan.dropWithin' : 'sensitivity.plan.dropOver', figures);
}

export function CurvePlanPanel(props: { run: SensitivityRun | null }) {
  const { run } = props;
  const budget = useLab((s) => s.budget);
  const proposal = useLab((s) => s.proposal);
  const measured = useLab((s) => s.proposalMeasured);
  const evaluating = useLab((s) => s.evaluating);
  const { setBudget, proposePlan, applyProposal } = useLabActions();
  const [method, setMethod] = useState<CurvePlanMethod>('greedy');
  const [budgetText, setBudgetText] = useState(String(budget));
  const usable = !!run && run.rows.length > 0 && run.baselineTop1 !== null;
  // a label-free sweep predicts top-1 agreement with the dense model; the figure says how it was measured
  const { t } = useTranslation();
  const predictedWord = run?.rows.some((r) => r.agreement !== undefined)
    ? t('sensitivity.plan.top1Agreement')
    : t('sensitivity.plan.top1');
  const measuredAgreement = useLab((s) => (s.full ?? s.quick)?.metrics.measure === 'agreement');
  const measuredWord = measuredAgreement ? t('sensitivity.plan.measuredAgreement') : t('sensitivity.plan.measured');
  const budgetLabel =
    BUDGET_BOUNDS[method] === 'layer' ? t('sensitivity.plan.budgetLayer') : t('sensitivity.plan.budgetTotal');

  return (
    <section className="panel curve-plan" aria-label={t('sensitivity.plan.title')}>
      <h2>{t('sensitivity.plan.title')}</h2>
      <p className="hint plan-intro">{t('sensitivity.plan.intro')}</p>
      <div className="plan-fields">
        <label className="field">
          <span>{budgetLabel}</span>
          <input
            type="number"
            aria-label={budgetLabel}
            min={0}
            step={0.1}
            value={budgetText}
            onChange={(e) => {
              setBudgetText(e.target.value);
              const v = Number(e.target.value);
              if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= 0) setBudget(v);
            }}
          />
        </label>
        <label className="field grow">
          <span>{t('sensitivity.plan.allocation')}</span>
          <select
            aria-label={t('sensitivity.plan.allocation')}
            value={method}
            onChange={(e) => setMethod(e.target.value as CurvePlanMethod)}
          >
            <option value="greedy">{t('sensitivity.plan.greedy')}</option>
            <option value="global">{t('sensitivity.plan.global')}</option>
          </select>
        </label>
      </div>
      <div className="plan-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!usable || run?.status === 'running'}
          onClick={() => proposePlan(method)}
        >
          {t('sensitivity.plan.propose')}
        </button>
        {!usable && (
          <span className="note">
            {run && run.baselineTop1 === null ? t('sensitivity.plan.noBaseline') : t('sensitivity.plan.runFirst')}
          </span>
        )}
      </div>
      {proposal && (
        <>
          <table className="layers plan-table" aria-label={t('sensitivity.plan.table')}>
            <thead>
              <tr>
                <th scope="col">{t('sensitivity.plan.tensor')}</th>
                <th scope="col" className="num">
                  {t('sensitivity.plan.sparsity')}
                </th>
                <th scope="col" className="num">
                  {t('sensitivity.plan.predictedDrop')}
                </th>
              </tr>
            </thead>
            <tbody>
              {proposal.entries.map((e) => (
                <tr key={e.parameter}>
                  <th scope="row" className="mono">
                    {e.parameter}
                  </th>
                  <td className="num">{(100 * e.sparsity).toFixed(0)}%</td>
                  <td className="num">{e.predictedDrop.toFixed(2)} pp</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="facts plan-facts">
            <dt>{t('sensitivity.plan.predictedDrop')}</dt>
            <dd data-testid="predicted-drop">{predictedDrop(proposal, t)}</dd>
            {proposal.removedParams !== undefined && (
              <>
                <dt>{t('sensitivity.plan.removed')}</dt>
                <dd>{t('sensitivity.plan.weights', { n: int(proposal.removedParams) })}</dd>
              </>
            )}
          </dl>
          <button type="button" className="btn" disabled={evaluating === 'plan'} onClick={() => void applyProposal()}>
            {t('sensitivity.plan.apply')}
          </button>
        </>
      )}
      {measured && (
        <div className="plan-measured" aria-live="polite">
          <p data-testid="plan-gap">
            {measured.measuredTop1 === null
              ? t('sensitivity.plan.measuring', { what: predictedWord, predicted: measured.predictedTop1.toFixed(2) })
              : t('sensitivity.plan.gap', {
                  what: predictedWord,
                  predicted: measured.predictedTop1.toFixed(2),
                  measuredWord,
                  measured: measured.measuredTop1.toFixed(2),
                  gap: signed(measured.measuredTop1 - measured.predictedTop1),
                })}
          </p>
          <p className="hint">{t('sensitivity.plan.why')}</p>
        </div>
      )}
    </section>
  );
}

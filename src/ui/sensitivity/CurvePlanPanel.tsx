import { useState } from 'react';
import { BUDGET_BOUNDS, predictedDropText, type CurvePlanMethod } from '../../core/sensitivity/plan-from-curves';
import type { SensitivityRun } from '../../state/types';
import { int, signed } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';

/** From the curves to a per-layer plan under an accuracy-drop budget, and the measured truth of it. */
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
  const predictedWord = run?.rows.some((r) => r.agreement !== undefined) ? 'top-1 agreement' : 'top-1';
  const measuredAgreement = useLab((s) => (s.full ?? s.quick)?.metrics.measure === 'agreement');
  const measuredWord = measuredAgreement ? 'measured agreement' : 'measured';
  const budgetLabel = BUDGET_BOUNDS[method] === 'layer' ? 'Drop budget per layer (pp)' : 'Total drop budget (pp)';

  return (
    <section className="panel curve-plan" aria-label="Plan from sensitivity">
      <h2>Plan from sensitivity</h2>
      <p className="hint plan-intro">
        Picks a sparsity per layer from its curve under a top-1 drop budget: greedy keeps each layer’s own drop within
        it (as NNI’s SensitivityPruner), global keeps the sum of the drops within it.
      </p>
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
          <span>Allocation</span>
          <select aria-label="Allocation" value={method} onChange={(e) => setMethod(e.target.value as CurvePlanMethod)}>
            <option value="greedy">greedy: each layer within the budget</option>
            <option value="global">global: the sum within the budget, most parameters removed</option>
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
          Propose plan
        </button>
        {!usable && (
          <span className="note">
            {run && run.baselineTop1 === null
              ? 'This analysis has no dense baseline row.'
              : 'Run or import an analysis first.'}
          </span>
        )}
      </div>
      {proposal && (
        <>
          <table className="layers plan-table" aria-label="Proposed sparsity per layer">
            <thead>
              <tr>
                <th scope="col">Tensor</th>
                <th scope="col" className="num">
                  Sparsity
                </th>
                <th scope="col" className="num">
                  Predicted drop
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
            <dt>Predicted drop</dt>
            <dd data-testid="predicted-drop">{predictedDropText(proposal)}</dd>
            {proposal.removedParams !== undefined && (
              <>
                <dt>Removed</dt>
                <dd>{int(proposal.removedParams)} weights</dd>
              </>
            )}
          </dl>
          <button type="button" className="btn" disabled={evaluating === 'plan'} onClick={() => void applyProposal()}>
            Apply plan and measure
          </button>
        </>
      )}
      {measured && (
        <div className="plan-measured" aria-live="polite">
          <p data-testid="plan-gap">
            {measured.measuredTop1 === null
              ? `Predicted ${predictedWord} ${measured.predictedTop1.toFixed(2)}% · measuring…`
              : `Predicted ${predictedWord} ${measured.predictedTop1.toFixed(2)}% · ${measuredWord} ` +
                `${measured.measuredTop1.toFixed(2)}% · gap ` +
                `${signed(measured.measuredTop1 - measured.predictedTop1)} pp`}
          </p>
          <p className="hint">
            They differ because layers interact: the prediction adds up drops measured with one layer pruned at a time.
          </p>
        </div>
      )}
    </section>
  );
}

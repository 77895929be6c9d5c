// The plan: what the user asked for, with undo, "Prune all" and the ranking settings new methods use.
import { EMPTY_PLAN, withLimits, withMethod, type PrunePlan, type TensorMethod } from '../core/plan/plan';
import { pruneAllScope, withMethodForAll } from '../core/plan/prune-all';
import { DEFAULT_RANKING, type RankingDefaults } from '../core/plan/method-info';
import { i18n } from '../i18n/i18n';
import type { LabSlice } from './store-context';
import { noPlanViews } from './inspect-slice';
import type { AllLayersOptions } from './types';

export interface PlanState {
  plan: PrunePlan;
  /** earlier plans, the newest last (undo) */
  past: PrunePlan[];
  allLayers: AllLayersOptions;
  ranking: RankingDefaults;
}

export interface PlanSlice extends PlanState {
  setMethod(name: string, method: TensorMethod): void;
  /**
   * "Prune all": `method` on every tensor it applies to (see core pruneAllScope); the skip list stays
   * dense, the limits in `allLayers` go into the plan, and a note names an output layer left out
   */
  pruneAll(method: TensorMethod): void;
  /**
   * `method` on each of `names` it applies to (a block's slider sets all its members); a burst with the
   * same `key` is one undo step
   */
  setMethodFor(names: readonly string[], method: TensorMethod, key: string): void;
  setAllLayersOptions(patch: Partial<AllLayersOptions>): void;
  /** `key` names the control: a burst of edits with the same key is one undo step; resolves when evaluated */
  setPlan(plan: PrunePlan, key?: string): Promise<void>;
  undo(): void;
  /** back to the last plan the worker accepted, without evaluating */
  rollBackPlan(): void;
  /** the empty plan: the dense model */
  reset(): void;
  setRanking(r: Partial<RankingDefaults>): void;
}

/** No plan and no history: the dense model as loaded. */
export const noPlan = { plan: EMPTY_PLAN, past: [] } satisfies Partial<PlanState>;

export const initialPlanState: PlanState = {
  ...noPlan,
  allLayers: { skip: [], limits: {} },
  ranking: DEFAULT_RANKING,
};

const MAX_UNDO = 100;
/** edits to the same control closer than this are one undo step */
const COALESCE_MS = 800;

export const createPlanSlice: LabSlice<PlanSlice> = () => (set, get) => {
  let lastEdit = { key: '', at: 0 };

  function setPlan(plan: PrunePlan, key = '') {
    const now = Date.now();
    const coalesce = key !== '' && key === lastEdit.key && now - lastEdit.at < COALESCE_MS;
    lastEdit = { key, at: now };
    // Latency and thinning results describe the plan they were made for.
    set((s) =>
      coalesce ? { plan, ...noPlanViews } : { plan, ...noPlanViews, past: [...s.past.slice(-MAX_UNDO + 1), s.plan] },
    );
    return get().evaluatePlan();
  }

  return {
    ...initialPlanState,

    setMethod(name, method) {
      void setPlan(withMethod(get().plan, name, method), `tensor:${name}`);
    },
    pruneAll(method) {
      const model = get().model;
      if (!model) return;
      const { skip, limits } = get().allLayers;
      const opts = { skip };
      const outputs = pruneAllScope(model.tensors, method, opts).leftOut.filter((l) => l.why === 'output');
      if (outputs.length)
        get().notify('info', i18n.t('prune.notice.leftOut', { names: outputs.map((l) => l.name).join(', ') }));
      void setPlan(withLimits(withMethodForAll(get().plan, model.tensors, method, opts), limits), 'all');
    },
    setMethodFor(names, method, key) {
      const model = get().model;
      if (!model) return;
      const wanted = new Set(names);
      const tensors = model.tensors.filter((t) => wanted.has(t.name));
      void setPlan(withMethodForAll(get().plan, tensors, method), key);
    },
    setAllLayersOptions(patch) {
      const allLayers = { ...get().allLayers, ...patch };
      set({ allLayers });
      // limits act on the current plan at once; the skip list on the next "Prune all"
      if (patch.limits && Object.keys(get().plan.tensors).length)
        void setPlan(withLimits(get().plan, allLayers.limits), 'limits');
    },
    setPlan,
    undo() {
      if (!get().past.length) return;
      get().rollBackPlan();
      set(noPlanViews);
      void get().evaluatePlan();
    },
    rollBackPlan() {
      const past = get().past;
      set({ plan: past.length ? past[past.length - 1] : EMPTY_PLAN, past: past.slice(0, -1) });
    },
    reset() {
      if (Object.keys(get().plan.tensors).length === 0) return;
      void setPlan(EMPTY_PLAN);
    },
    setRanking(r) {
      set((s) => ({ ranking: { ...s.ranking, ...r } }));
    },
  };
};

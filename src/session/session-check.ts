// Checks a saved part before it is used: a record that does not have its part's shape (a corrupted
// database, a record from an unknown version) is refused with the reason, and that part starts clean.
import { parsePlan } from '../core/plan/plan';
import { validateSchedule, type Schedule } from '../core/schedule/schedule';
import { DEMO_MODELS } from '../state/types';
import type { PartName, SessionParts } from './session-parts';

export class SessionPartError extends Error {
  constructor(
    readonly part: PartName,
    reason: string,
  ) {
    super(`the saved ${part} is not readable: ${reason}`);
    this.name = 'SessionPartError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;

function checkFiles(x: unknown): string | null {
  if (!Array.isArray(x) || !x.length) return 'no file list';
  const bad = x.find((f) => !isObj(f) || typeof f.name !== 'string' || typeof f.key !== 'string' || !isCount(f.size));
  return bad === undefined ? null : 'a file entry lacks its name, key or size';
}

const CHECKS: Record<PartName, (v: Obj) => string | null> = {
  model(v) {
    const s = v.source;
    if (s === null) return null;
    if (!isObj(s)) return 'no model source';
    if (s.kind === 'demo') return DEMO_MODELS.some((m) => m.id === s.id) ? null : `unknown demo "${String(s.id)}"`;
    if (s.kind !== 'files') return 'unknown model source';
    return typeof s.name === 'string' ? checkFiles(s.files) : 'the model has no name';
  },
  data(v) {
    const s = v.source;
    if (!isObj(s) || (s.kind !== 'demo' && s.kind !== 'files')) return 'unknown data source';
    if (s.kind === 'files' && checkFiles(s.files)) return checkFiles(s.files);
    if (!isObj(v.scaling) || typeof v.scaling.kind !== 'string') return 'no input scaling';
    if (v.evalLimit !== null && !(isCount(v.evalLimit) && (v.evalLimit as number) > 0)) return 'a bad evaluation limit';
    return v.mapping === null || isObj(v.mapping) ? null : 'a bad input mapping';
  },
  plan(v) {
    parsePlan(JSON.stringify(v.plan)); // throws the plan reader's own reason
    const a = v.allLayers;
    if (!isObj(a) || !Array.isArray(a.skip) || !isObj(a.limits)) return 'bad "Prune all" options';
    return isObj(v.ranking) ? null : 'no ranking settings';
  },
  runs(v) {
    if (!Array.isArray(v.runs)) return 'no list of runs';
    for (const r of v.runs as unknown[]) {
      if (!isObj(r) || typeof r.id !== 'number' || typeof r.label !== 'string' || !Array.isArray(r.rows))
        return 'a run lacks its id, label or rows';
      const row = (r.rows as unknown[]).find(
        (x) =>
          !isObj(x) || typeof x.parameter !== 'string' || !Number.isFinite(x.sparsity) || typeof x.top1 !== 'number',
      );
      if (row !== undefined) return `run "${r.label}" has a row without parameter, sparsity or top1`;
    }
    if (v.activeRun !== null && typeof v.activeRun !== 'number') return 'a bad active run';
    return typeof v.budget === 'number' ? null : 'no accuracy budget';
  },
  schedule(v) {
    if (!isObj(v.schedule)) return 'no schedule';
    validateSchedule(v.schedule as unknown as Schedule); // throws the schedule's own reason
    if (!isCount(v.scheduleEpochs)) return 'a bad number of epochs';
    return isObj(v.train) ? null : 'no training settings';
  },
  training(v) {
    const r = v.run;
    if (r !== null && (!isObj(r) || typeof r.kind !== 'string' || !Array.isArray(r.timeline))) return 'a bad run';
    if (v.han !== null && !isObj(v.han)) return 'a bad Han report';
    const snapshot = (x: unknown) => x instanceof Map && [...x.values()].every((a) => a instanceof Float32Array);
    if (
      v.checkpointWeights !== undefined &&
      (!isObj(v.checkpointWeights) || !Object.values(v.checkpointWeights).every(snapshot))
    )
      return 'bad checkpoint weights';
    if (v.adoptedWeights !== undefined && v.adoptedWeights !== null && !snapshot(v.adoptedWeights))
      return 'bad fine-tuned weights';
    return null;
  },
  ui(v) {
    if (!['prune', 'sensitivity', 'schedule'].includes(v.view as string)) return `unknown view "${String(v.view)}"`;
    if (!['sparsity-table', 'masks', 'histogram', 'cost'].includes(v.inspectTab as string))
      return 'unknown inspect tab';
    if (v.lessonStep !== null && !isCount(v.lessonStep)) return 'a bad lesson step';
    if (typeof v.presenter !== 'boolean' || (v.theme !== 'light' && v.theme !== 'dark')) return 'bad display settings';
    return typeof v.language === 'string' ? null : 'no language';
  },
};

/** The part as saved, or a SessionPartError naming the part and what is wrong with it. */
export function checkPart<N extends PartName>(name: N, value: unknown): SessionParts[N] {
  if (!isObj(value)) throw new SessionPartError(name, 'not a record');
  let reason: string | null;
  try {
    reason = CHECKS[name](value);
  } catch (e) {
    reason = (e as Error).message;
  }
  if (reason) throw new SessionPartError(name, reason);
  return value as unknown as SessionParts[N];
}

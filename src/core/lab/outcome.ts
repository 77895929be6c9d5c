// How a long job ends, as a value: done with its result, cancelled with what it finished, or
// refused before it touched anything (a plan or request the model cannot take, with the reason).
import { CancelledError } from '../evaluate';
import { EngineCapabilityError } from '../engine/model-engine';
import { StructureError } from '../graph';
import { PlanError } from '../plan/plan-masks';
import { PlanFormatError } from '../plan/plan';
import { PruningInputError } from '../pruning';
import { SensitivityInputError } from '../sensitivity/errors';
import { ScheduleError } from '../schedule/schedule';
import { HanExperimentError } from '../schedule/han-settings';
import { ThinningError } from '../thinning';

export type JobOutcome<T, P = T> =
  { status: 'done'; result: T } | { status: 'cancelled'; partial: P } | { status: 'refused'; reason: string };

export const done = <T>(result: T): { status: 'done'; result: T } => ({ status: 'done', result });
export const cancelled = <P>(partial: P): { status: 'cancelled'; partial: P } => ({ status: 'cancelled', partial });
export const refused = (reason: string): { status: 'refused'; reason: string } => ({ status: 'refused', reason });

/** Errors that mean "this model cannot take this request" rather than "something broke". */
const REFUSALS = [
  PlanError,
  PlanFormatError,
  StructureError,
  PruningInputError,
  SensitivityInputError,
  ScheduleError,
  HanExperimentError,
  ThinningError,
  EngineCapabilityError,
];

/** The job's own refusal: the lab checked the request before doing anything. */
export class LabRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabRefusal';
  }
}

/**
 * Runs `work` and turns the internal cancel signal (a CancelledError) and refusals into outcome
 * values; any other failure stays an error. `partial` says what the job had finished when cancelled.
 */
export async function outcomeOf<T, P>(
  work: () => Promise<T>,
  partial: () => P | Promise<P>,
): Promise<JobOutcome<T, P>> {
  try {
    return done(await work());
  } catch (e) {
    if (e instanceof CancelledError) return cancelled(await partial());
    if (e instanceof LabRefusal || REFUSALS.some((k) => e instanceof k)) return refused((e as Error).message);
    throw e;
  }
}

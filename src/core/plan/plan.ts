import type { Convention } from '../types';

/** What the user asked for one tensor. Absolute targets (Distiller semantics). */
export type TensorMethod =
  | { kind: 'dense' }
  | { kind: 'level'; sparsity: number; convention?: Convention }
  | { kind: 'magnitude'; threshold: number };

/** The plan: the single source of truth for what the user asked. Serialisable (URL / JSON). */
export interface PrunePlan {
  version: 1;
  /** per prunable tensor name; tensors not listed are dense */
  tensors: Record<string, TensorMethod>;
}

export const EMPTY_PLAN: PrunePlan = { version: 1, tensors: {} };

export const DENSE: TensorMethod = Object.freeze({ kind: 'dense' });

export function methodOf(plan: PrunePlan, name: string): TensorMethod {
  return plan.tensors[name] ?? DENSE;
}

export function withMethod(plan: PrunePlan, name: string, method: TensorMethod): PrunePlan {
  const tensors = { ...plan.tensors };
  if (method.kind === 'dense') delete tensors[name];
  else tensors[name] = method;
  return { version: 1, tensors };
}

export function planForAll(names: string[], method: TensorMethod): PrunePlan {
  return names.reduce((p, n) => withMethod(p, n, method), EMPTY_PLAN);
}

export class PlanFormatError extends Error {
  override name = 'PlanFormatError';
}

/** Parses and validates a serialised plan (from a URL or a file). */
export function parsePlan(text: string, knownTensors?: string[]): PrunePlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PlanFormatError(`plan is not valid JSON: ${(e as Error).message}`);
  }
  const obj = raw as { version?: unknown; tensors?: unknown };
  if (!obj || typeof obj !== 'object' || obj.version !== 1 || typeof obj.tensors !== 'object' || !obj.tensors) {
    throw new PlanFormatError('plan must be {"version": 1, "tensors": {...}}');
  }
  const tensors: Record<string, TensorMethod> = {};
  for (const [name, m] of Object.entries(obj.tensors as Record<string, TensorMethod>)) {
    if (knownTensors && !knownTensors.includes(name)) {
      throw new PlanFormatError(`plan names tensor "${name}", which this model does not have`);
    }
    if (m.kind === 'level') {
      if (!(m.sparsity >= 0 && m.sparsity <= 1)) throw new PlanFormatError(`${name}: sparsity must be in [0, 1], got ${m.sparsity}`);
    } else if (m.kind === 'magnitude') {
      if (!(m.threshold >= 0)) throw new PlanFormatError(`${name}: threshold must be >= 0, got ${m.threshold}`);
    } else if (m.kind !== 'dense') {
      throw new PlanFormatError(`${name}: unknown method "${(m as { kind: string }).kind}"`);
    }
    tensors[name] = m;
  }
  return { version: 1, tensors };
}

import type { Convention } from '../types';

/**
 * 'depthwise': the channels of a depthwise kernel, ranked by its own per-channel norm, removed with the
 * filters of the layer that produces them (and everything coupled to it).
 */
export type StructureGroup = 'filters' | 'channels' | 'rows' | 'cols' | 'kernels' | 'depthwise';
export type StructureNorm = 'l1' | 'l2' | 'random';

/**
 * What the user asked for one tensor. Targets are absolute (Distiller semantics) except
 * `remaining`, which prunes each amount of what is left, one after another (PyTorch semantics).
 */
export type TensorMethod =
  | { kind: 'dense' }
  /** level pruner: target sparsity by |w| */
  | { kind: 'level'; sparsity: number; convention?: Convention }
  /** magnitude pruner: prune |w| <= threshold */
  | { kind: 'magnitude'; threshold: number }
  /** Han et al.'s sensitivity pruner: threshold = s * std(dense weights) */
  | { kind: 'sensitivity'; s: number }
  /** seeded random element pruning */
  | { kind: 'random'; sparsity: number; seed?: number; convention?: Convention }
  /** PyTorch-style repeated pruning: each amount is a fraction of the weights still remaining */
  | { kind: 'remaining'; amounts: number[]; convention?: Convention }
  /** one ranking of |w| across every tensor of the plan that names the same group id */
  | { kind: 'global'; sparsity: number; convention?: Convention }
  /** structured: filters, channels, rows/cols of dense kernels, 2D kernels, depthwise channels, ranked by a norm */
  | {
      kind: 'structured';
      group: StructureGroup;
      sparsity: number;
      norm: StructureNorm;
      /** 'mean' = Distiller (norm / element count), 'raw' = PyTorch ln_structured / Li et al. */
      normalize?: 'mean' | 'raw';
      convention?: Convention;
      seed?: number;
    }
  /** N:M semi-structured sparsity along the input dimension, e.g. 2:4 */
  | { kind: 'nm'; n: number; m: number };

export type MethodKind = TensorMethod['kind'];

/** The plan: the single source of truth for what the user asked. Serialisable (URL / JSON). */
/** Bounds on every layer's target (level, random and structured methods are clamped to them). */
export interface PlanLimits {
  minSparsity?: number;
  maxSparsity?: number;
  /** allow a layer to lose every weight (default: the largest |w| is always kept) */
  allowEmpty?: boolean;
}

export interface PrunePlan {
  version: 1;
  /** per prunable tensor name; tensors not listed are dense */
  tensors: Record<string, TensorMethod>;
  limits?: PlanLimits;
}

export const EMPTY_PLAN: PrunePlan = { version: 1, tensors: {} };

export const DENSE: TensorMethod = Object.freeze({ kind: 'dense' });

export function methodOf(plan: PrunePlan, name: string): TensorMethod {
  return plan.tensors[name] ?? DENSE;
}

/**
 * Sets one tensor's method; every other field of the plan stays. Global magnitude ranks every 'global'
 * tensor together, so they share one sparsity and convention: setting one of them sets them all.
 */
export function withMethod(plan: PrunePlan, name: string, method: TensorMethod): PrunePlan {
  const tensors = { ...plan.tensors };
  if (method.kind === 'global') {
    for (const [n, m] of Object.entries(tensors))
      if (m.kind === 'global') tensors[n] = { ...m, sparsity: method.sparsity, convention: method.convention };
  }
  if (method.kind === 'dense') delete tensors[name];
  else tensors[name] = method;
  return { ...plan, tensors };
}

/** Every named tensor gets `method`; tensors in `skip` (e.g. the first conv, the classifier) stay dense. */
export function planForAll(
  names: string[],
  method: TensorMethod,
  skip: readonly string[] = [],
  limits?: PlanLimits,
): PrunePlan {
  const base: PrunePlan = limits ? { ...EMPTY_PLAN, limits } : EMPTY_PLAN;
  return names.filter((n) => !skip.includes(n)).reduce((p, n) => withMethod(p, n, method), base);
}

export function withLimits(plan: PrunePlan, limits: PlanLimits | undefined): PrunePlan {
  const clean = limits && Object.values(limits).some((v) => v !== undefined && v !== false) ? limits : undefined;
  if (clean) return { ...plan, limits: clean };
  const { limits: _dropped, ...rest } = plan;
  return rest;
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
    // Assigning "__proto__" would replace the plan's prototype instead of adding a tensor.
    if (name === '__proto__') throw new PlanFormatError('plan names a tensor "__proto__", which cannot be a tensor');
    if (knownTensors && !knownTensors.includes(name)) {
      throw new PlanFormatError(`plan names tensor "${name}", which this model does not have`);
    }
    validateMethod(name, m);
    tensors[name] = m;
  }
  const limits = (obj as { limits?: PlanLimits }).limits;
  if (limits !== undefined) {
    if (typeof limits !== 'object' || limits === null) throw new PlanFormatError('limits must be an object');
    for (const key of ['minSparsity', 'maxSparsity'] as const) {
      const v = limits[key];
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1))
        throw new PlanFormatError(`limits.${key} must be in [0, 1], got ${String(v)}`);
    }
    if ((limits.minSparsity ?? 0) > (limits.maxSparsity ?? 1))
      throw new PlanFormatError('limits.minSparsity is greater than limits.maxSparsity');
    return { version: 1, tensors, limits };
  }
  return { version: 1, tensors };
}

const KINDS: MethodKind[] = [
  'dense',
  'level',
  'magnitude',
  'sensitivity',
  'random',
  'remaining',
  'global',
  'structured',
  'nm',
];

function checkFraction(name: string, what: string, x: unknown) {
  if (typeof x !== 'number' || !(x >= 0 && x <= 1))
    throw new PlanFormatError(`${name}: ${what} must be in [0, 1], got ${String(x)}`);
}

/** Throws a PlanFormatError naming the tensor and the field when a method is malformed. */
export function validateMethod(name: string, m: TensorMethod): void {
  if (!m || typeof m !== 'object' || !KINDS.includes(m.kind)) {
    throw new PlanFormatError(
      `${name}: unknown method "${String((m as { kind?: unknown })?.kind)}" (one of ${KINDS.join(', ')})`,
    );
  }
  switch (m.kind) {
    case 'level':
    case 'random':
    case 'global':
    case 'structured':
      checkFraction(name, 'sparsity', m.sparsity);
      break;
    case 'magnitude':
      if (typeof m.threshold !== 'number' || !(m.threshold >= 0))
        throw new PlanFormatError(`${name}: threshold must be >= 0, got ${String(m.threshold)}`);
      break;
    case 'sensitivity':
      if (typeof m.s !== 'number' || !(m.s >= 0))
        throw new PlanFormatError(`${name}: sensitivity s must be >= 0, got ${String(m.s)}`);
      break;
    case 'remaining':
      if (!Array.isArray(m.amounts) || m.amounts.length === 0)
        throw new PlanFormatError(`${name}: amounts must be a non-empty list`);
      m.amounts.forEach((a) => checkFraction(name, 'each amount', a));
      break;
    case 'nm':
      if (!Number.isInteger(m.n) || !Number.isInteger(m.m) || m.n < 0 || m.m < 1 || m.n > m.m) {
        throw new PlanFormatError(`${name}: N:M needs integers 0 <= N <= M, got ${m.n}:${m.m}`);
      }
      break;
  }
  if (m.kind === 'structured') {
    if (!['filters', 'channels', 'rows', 'cols', 'kernels', 'depthwise'].includes(m.group))
      throw new PlanFormatError(`${name}: unknown structure group "${m.group}"`);
    if (!['l1', 'l2', 'random'].includes(m.norm))
      throw new PlanFormatError(`${name}: unknown norm "${m.norm}" (l1, l2 or random)`);
  }
}

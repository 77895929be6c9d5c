// "Prune all": one method on every tensor it applies to. A method for one rank only (2D kernels,
// rows/columns of dense kernels) leaves the other tensors as they are; the skip list stays dense; and
// a structured method that removes output units leaves out the layers whose units are the model's
// outputs (the classes), as Torch-Pruning leaves out the classifier.
import type { PrunableTensor } from '../types';
import { choiceOf, methodInfo } from './method-info';
import { withMethod, type PrunePlan, type TensorMethod } from './plan';

export type LeftOutReason = 'skip' | 'rank' | 'output';

export interface PruneAllScope {
  /** tensors that get the method */
  applies: string[];
  /** tensors left alone and why: 'skip' = on the skip list (made dense), 'rank' = the method is for
   * the other rank, 'output' = its units are the model's outputs */
  leftOut: { name: string; why: LeftOutReason }[];
}

export interface PruneAllOptions {
  /** tensors "Prune all" leaves dense */
  skip?: readonly string[];
}

type TensorFacts = Pick<PrunableTensor, 'name' | 'shape' | 'feedsOutput'> & Partial<Pick<PrunableTensor, 'role'>>;

/**
 * Whether a method can be set on a tensor of this rank (2D kernels: conv only; rows/columns: dense
 * only); depthwise channels only on a depthwise kernel, when the role is known.
 */
export function appliesToRank(method: TensorMethod, rank: number, role?: PrunableTensor['role']): boolean {
  const choice = choiceOf(method);
  if (choice === 'depthwise' && role !== undefined && role !== 'depthwise') return false;
  return choice === null || (methodInfo(choice).ranks as number[]).includes(rank);
}

/** Structured methods that remove a layer's output units: on the output layer they remove classes. */
export function removesOutputUnits(method: TensorMethod): boolean {
  return method.kind === 'structured' && (method.group === 'filters' || method.group === 'cols');
}

/** Which tensors "Prune all" with `method` changes, and which it leaves alone and why. */
export function pruneAllScope(
  tensors: readonly TensorFacts[],
  method: TensorMethod,
  opts: PruneAllOptions = {},
): PruneAllScope {
  const scope: PruneAllScope = { applies: [], leftOut: [] };
  for (const t of tensors) {
    const why: LeftOutReason | null = opts.skip?.includes(t.name)
      ? 'skip'
      : !appliesToRank(method, t.shape.length, t.role)
        ? 'rank'
        : removesOutputUnits(method) && t.feedsOutput
          ? 'output'
          : null;
    if (why) scope.leftOut.push({ name: t.name, why });
    else scope.applies.push(t.name);
  }
  return scope;
}

/**
 * The plan after "Prune all": `method` on every tensor in scope, the skip list dense, every other
 * tensor and every other field of the plan (its limits) as they were.
 */
export function withMethodForAll(
  plan: PrunePlan,
  tensors: readonly TensorFacts[],
  method: TensorMethod,
  opts: PruneAllOptions = {},
): PrunePlan {
  const scope = pruneAllScope(tensors, method, opts);
  const skipped = scope.leftOut.filter((l) => l.why === 'skip').map((l) => l.name);
  const dense = skipped.reduce((p, name) => withMethod(p, name, { kind: 'dense' }), plan);
  return scope.applies.reduce((p, name) => withMethod(p, name, method), dense);
}

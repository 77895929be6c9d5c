// Distiller's per-mini-batch pruning-policy args (PruningPolicy and ParameterMasker): when a rule's
// masks are recomputed within an epoch, and how its masks act around each optimizer step.
import type { BatchMasking } from '../training/trainer-types';
import type { DistillerPolicy } from './distiller-document';
import type { MiniBatchArgs, ScheduleRule } from './schedule';
import { policyEpochs } from './schedule-training';

/**
 * PruningPolicy.on_minibatch_begin: new masks when minibatch_id > 0 and the global mini-batch index
 * (epoch * minibatches_per_epoch + minibatch_id) is a multiple of mini_batch_pruning_frequency.
 */
export function miniBatchPruneDue(epoch: number, batch: number, batches: number, frequency: number): boolean {
  return batch > 0 && frequency > 0 && (epoch * batches + batch) % frequency === 0;
}

export interface RulePlan {
  rule: ScheduleRule;
  tensors: string[];
}

/** The policy's first and last epoch (Distiller sets the masker's flags at the first, ends them after the last). */
function span(rule: ScheduleRule): { first: number; last: number } {
  const epochs = policyEpochs(rule.when);
  return { first: epochs[0], last: epochs[epochs.length - 1] };
}

/** The masking options in force during `epoch`, by tensor. */
export function epochMasking(plan: readonly RulePlan[], epoch: number): BatchMasking {
  const forwardOnly = new Set<string>();
  const doubleCopies = new Set<string>();
  const maskGradients = new Set<string>();
  for (const { rule, tensors } of plan) {
    const mb = rule.miniBatch;
    if (!mb) continue;
    const { first, last } = span(rule);
    if (epoch < first || epoch > last) continue;
    for (const t of tensors) {
      if (mb.maskOnForwardOnly) forwardOnly.add(t);
      if (mb.maskGradients) maskGradients.add(t);
      // the unmasked copy is taken when the policy masks the weights: in its own epochs
      if (mb.useDoubleCopies && policyEpochs(rule.when).includes(epoch)) doubleCopies.add(t);
    }
  }
  return { forwardOnly, doubleCopies, maskGradients };
}

/** Rules whose masks are recomputed at mini-batches of `epoch` (in their policy's epochs). */
export function miniBatchRules(plan: readonly RulePlan[], epoch: number): RulePlan[] {
  return plan.filter((p) => (p.rule.miniBatch?.pruningFrequency ?? 0) > 0 && policyEpochs(p.rule.when).includes(epoch));
}

/** Tensors whose masks discard_masks_at_minibatch_end drops after each mini-batch of `epoch`. */
export function discardingTensors(plan: readonly RulePlan[], epoch: number): string[] {
  return plan
    .filter((p) => p.rule.miniBatch?.discardMasks && policyEpochs(p.rule.when).includes(epoch))
    .flatMap((p) => p.tensors);
}

/**
 * After `epoch`, the mask_on_forward_only rules whose policy ended: with keep_mask their masks become
 * permanent ('keep'); without, Distiller never applies them again ('release').
 */
export function forwardOnlyEnds(plan: readonly RulePlan[], epoch: number): { keep: string[]; release: string[] } {
  const keep: string[] = [];
  const release: string[] = [];
  for (const { rule, tensors } of plan)
    if (rule.miniBatch?.maskOnForwardOnly && span(rule).last === epoch)
      (rule.miniBatch.keepMask ? keep : release).push(...tensors);
  return { keep, release };
}

/** A per-mini-batch seed, so that random pruners draw again at each recomputation. */
export function miniBatchSeed(seed: number, epoch: number, batch: number, batches: number): number {
  return (seed ^ Math.imul(epoch * batches + batch + 1, 0x85ebca6b)) >>> 0;
}

/** Pruning-policy args a run applies as Distiller does (the rest are refused on their line). */
export const HONOURED_ARGS = new Set([
  'keep_mask',
  'mask_gradients',
  'mask_on_forward_only',
  'use_double_copies',
  'mini_batch_pruning_frequency',
  'discard_masks_at_minibatch_end',
]);

export function miniBatchArgs(policy: DistillerPolicy): MiniBatchArgs | undefined {
  const a = policy.args;
  const out: MiniBatchArgs = {};
  if (a.mini_batch_pruning_frequency) out.pruningFrequency = a.mini_batch_pruning_frequency;
  if (a.mask_on_forward_only) out.maskOnForwardOnly = true;
  if (a.use_double_copies) out.useDoubleCopies = true;
  if (a.mask_gradients) out.maskGradients = true;
  if (a.discard_masks_at_minibatch_end) out.discardMasks = true;
  if (a.keep_mask && Object.keys(out).length > 0) out.keepMask = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

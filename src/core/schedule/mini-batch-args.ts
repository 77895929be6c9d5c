// Distiller's per-mini-batch pruning-policy args as a schedule rule carries them.

/** Distiller's per-mini-batch pruning-policy args, applied during the policy's epochs. */
export interface MiniBatchArgs {
  /** mini_batch_pruning_frequency: new masks before every mini-batch whose global index is a multiple of it */
  pruningFrequency?: number;
  /** mask_on_forward_only: the weights are masked for the forward pass only, not after the step */
  maskOnForwardOnly?: boolean;
  /** use_double_copies: the optimizer updates the unmasked weights */
  useDoubleCopies?: boolean;
  /** mask_gradients: the gradients are masked (needs maskOnForwardOnly, as in Distiller) */
  maskGradients?: boolean;
  /** discard_masks_at_minibatch_end: a mask acts for one mini-batch (DropFilter), then is dropped */
  discardMasks?: boolean;
  /** keep_mask: at the policy's last epoch the mask becomes permanent (ends maskOnForwardOnly) */
  keepMask?: boolean;
}

/** What is wrong with a rule's args, or null. */
export function miniBatchProblem(mb: MiniBatchArgs): string | null {
  if (mb.pruningFrequency !== undefined && !(Number.isInteger(mb.pruningFrequency) && mb.pruningFrequency >= 0))
    return 'mini_batch_pruning_frequency must be an integer >= 0';
  if (mb.maskGradients && !mb.maskOnForwardOnly)
    return 'mask_gradients needs mask_on_forward_only (Distiller refuses the two apart)';
  return null;
}

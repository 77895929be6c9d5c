import type * as tf from '@tensorflow/tfjs';
import { MaskedTrainer } from './masked-trainer';
import {
  TrainingInputError,
  type EpochHooks,
  type EpochResult,
  type TrainData,
  type TrainerOptions,
} from './trainer-types';

export interface FineTuneOptions extends TrainerOptions, EpochHooks {
  epochs: number;
  /** Called after every epoch (awaited). */
  onEpoch?: (r: EpochResult) => void | Promise<void>;
}

export interface FineTuneResult {
  epochs: EpochResult[];
  /** Read from the variables after the last step: must be 0. */
  prunedNonZero: number;
}

/** Fine-tunes `model` in place for `epochs` epochs with `masks` held fixed. */
export async function maskedFineTune(
  model: tf.LayersModel,
  masks: ReadonlyMap<string, Uint8Array>,
  data: TrainData,
  opts: FineTuneOptions,
): Promise<FineTuneResult> {
  if (!Number.isInteger(opts.epochs) || opts.epochs < 0)
    throw new TrainingInputError(`epochs must be an integer >= 0; got ${opts.epochs}`);
  const trainer = new MaskedTrainer(model, opts);
  try {
    trainer.setMasks(masks);
    trainer.applyMasks();
    const epochs: EpochResult[] = [];
    for (let e = 0; e < opts.epochs; e++) {
      const r = await trainer.trainEpoch(data, e, opts);
      epochs.push(r);
      await opts.onEpoch?.(r);
    }
    return { epochs, prunedNonZero: await trainer.countPrunedNonZero() };
  } finally {
    trainer.dispose();
  }
}

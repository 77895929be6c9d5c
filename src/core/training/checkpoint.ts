// Weight snapshots of a layers model, and turning fine-tuned weights into a new MaskedModel
// checkpoint (the trained values become its "dense" snapshot; the masks carry over).
import * as tf from '@tensorflow/tfjs';
import { MaskedModel } from '../engine/masked-model';

/** Every weight of the model (kernels, biases, BatchNorm statistics) by its original name, copied. */
export type WeightSnapshot = Map<string, Float32Array>;

export async function snapshotWeights(model: tf.LayersModel): Promise<WeightSnapshot> {
  const snap: WeightSnapshot = new Map();
  for (const w of model.weights) snap.set(w.originalName, Float32Array.from(await w.read().data()));
  return snap;
}

/** Writes a snapshot back into the model's variables (shapes must match). */
export function restoreWeights(model: tf.LayersModel, snap: WeightSnapshot): void {
  for (const w of model.weights) {
    const values = snap.get(w.originalName);
    if (!values) throw new Error(`checkpoint has no values for weight "${w.originalName}"`);
    const shape = w.shape.map((d) => d as number);
    const t = tf.tensor(values, shape, 'float32');
    try {
      (w.read() as tf.Variable).assign(t);
    } finally {
      t.dispose();
    }
  }
}

/**
 * After fine-tuning `masked.model` in place, the trained weights are a new checkpoint: this
 * snapshots them as the dense values of a new MaskedModel over the same model and copies the
 * masks. The old MaskedModel keeps its own (pre-training) dense snapshot, so it can restore them.
 */
export async function rebaseMaskedModel(masked: MaskedModel): Promise<MaskedModel> {
  const next = await MaskedModel.create(masked.model);
  for (const t of masked.tensors) {
    const mask = masked.getMask(t.name);
    next.setMask(t.name, mask ? mask.slice() : null);
  }
  await next.apply();
  return next;
}

/** The masks a MaskedModel holds, as the trainer takes them (dense tensors are left out). */
export function masksOf(masked: MaskedModel): Map<string, Uint8Array> {
  const masks = new Map<string, Uint8Array>();
  for (const t of masked.tensors) {
    const mask = masked.getMask(t.name);
    if (mask) masks.set(t.name, mask);
  }
  return masks;
}

// The pruned model is always dense ⊙ mask: the dense weights are snapshotted once and
// never overwritten, so resetting or switching masks loses nothing.
import * as tf from '@tensorflow/tfjs';
import { prunableTensors } from './model-introspect';
import type { PrunableTensor } from './types';

export interface TensorSparsity {
  name: string;
  numel: number;
  /** Elements that are non-zero in dense ⊙ mask. */
  nnz: number;
  /** Fraction of elements exactly zero in dense ⊙ mask. */
  sparsity: number;
}

export interface SparsitySummary {
  perTensor: TensorSparsity[];
  total: { numel: number; nnz: number; sparsity: number };
}

type LayerVariable = tf.LayerVariable;

export class MaskedModel {
  readonly model: tf.LayersModel;
  readonly tensors: readonly PrunableTensor[];
  private readonly denseValues = new Map<string, Float32Array>();
  private readonly masks = new Map<string, Uint8Array | null>();
  private readonly variables = new Map<string, LayerVariable>();
  /** Tensors whose mask changed since they were last written into the model. */
  private readonly stale = new Set<string>();

  private constructor(model: tf.LayersModel, tensors: PrunableTensor[], variables: Map<string, LayerVariable>) {
    this.model = model;
    this.tensors = tensors;
    this.variables = variables;
  }

  /** Snapshots the current (dense) values of every prunable tensor of `model`. */
  static async create(model: tf.LayersModel): Promise<MaskedModel> {
    const tensors = prunableTensors(model);
    const variables = new Map<string, LayerVariable>();
    for (const v of model.weights) variables.set(v.originalName, v);
    const masked = new MaskedModel(model, tensors, variables);
    for (const t of tensors) {
      const v = variables.get(t.name);
      if (!v) throw new Error(`prunable tensor ${t.name} has no variable in the model`);
      // copy: on the cpu backend data() may hand out the backend's own storage
      masked.denseValues.set(t.name, Float32Array.from(await v.read().data()));
      masked.masks.set(t.name, null);
    }
    return masked;
  }

  private info(name: string): PrunableTensor {
    const t = this.tensors.find((x) => x.name === name);
    if (!t) {
      throw new Error(
        `"${name}" is not a prunable tensor of this model; prunable: ${this.tensors.map((x) => x.name).join(', ')}`,
      );
    }
    return t;
  }

  /** Sets the mask of one tensor (1 = keep, 0 = prune; null = dense). Takes effect on apply(). */
  setMask(name: string, mask: Uint8Array | null): void {
    const t = this.info(name);
    if (mask !== null && mask.length !== t.size) {
      throw new Error(
        `mask for ${name} has ${mask.length} elements; the tensor ${JSON.stringify(t.shape)} has ${t.size}`,
      );
    }
    this.masks.set(name, mask);
    this.stale.add(name);
  }

  getMask(name: string): Uint8Array | null {
    this.info(name);
    return this.masks.get(name) ?? null;
  }

  /** The dense snapshot (do not modify it). */
  dense(name: string): Float32Array {
    this.info(name);
    return this.denseValues.get(name) as Float32Array;
  }

  /** dense ⊙ mask as a new array; a pruned element is +0 (never -0). */
  maskedValues(name: string): Float32Array {
    const dense = this.dense(name);
    const mask = this.masks.get(name);
    const out = new Float32Array(dense.length);
    if (!mask) out.set(dense);
    else for (let i = 0; i < dense.length; i++) out[i] = mask[i] ? dense[i] : 0;
    return out;
  }

  /** Names whose mask changed since the last apply. */
  staleTensors(): string[] {
    return this.tensors.map((t) => t.name).filter((n) => this.stale.has(n));
  }

  /**
   * Writes dense ⊙ mask into the model's variables for the given tensors (default all) whose
   * mask changed since their last write. Assigns the underlying tf.Variable directly so a
   * layer's weight constraint does not rewrite the values.
   */
  async apply(names?: string[]): Promise<void> {
    const targets = names ?? this.tensors.map((t) => t.name);
    for (const name of targets) {
      const info = this.info(name);
      if (!this.stale.has(name)) continue;
      const variable = this.variables.get(name) as LayerVariable;
      const value = tf.tensor(this.maskedValues(name), info.shape, 'float32');
      try {
        (variable.read() as tf.Variable).assign(value);
      } finally {
        value.dispose();
      }
      this.stale.delete(name);
    }
  }

  /** Clears every mask (back to dense); call apply() to write the dense values back. */
  resetAll(): void {
    for (const t of this.tensors) {
      if (this.masks.get(t.name) !== null) this.stale.add(t.name);
      this.masks.set(t.name, null);
    }
  }

  /** Sparsity of dense ⊙ mask per tensor and overall (from the masks, whether or not applied). */
  sparsity(): SparsitySummary {
    let numelTotal = 0;
    let nnzTotal = 0;
    const perTensor = this.tensors.map((t) => {
      const dense = this.denseValues.get(t.name) as Float32Array;
      const mask = this.masks.get(t.name);
      let nnz = 0;
      for (let i = 0; i < dense.length; i++) if (dense[i] !== 0 && (!mask || mask[i])) nnz++;
      numelTotal += dense.length;
      nnzTotal += nnz;
      return { name: t.name, numel: dense.length, nnz, sparsity: dense.length ? 1 - nnz / dense.length : 0 };
    });
    return {
      perTensor,
      total: { numel: numelTotal, nnz: nnzTotal, sparsity: numelTotal ? 1 - nnzTotal / numelTotal : 0 },
    };
  }

  /** The values the model holds right now for a prunable tensor (a copy). */
  async currentWeights(name: string): Promise<Float32Array> {
    this.info(name);
    const variable = this.variables.get(name) as LayerVariable;
    return Float32Array.from(await variable.read().data());
  }
}

// The pruned model is always dense ⊙ mask: the dense weights are snapshotted once and
// never overwritten, so resetting or switching masks loses nothing.
import type * as tf from '@tensorflow/tfjs';
import type { PrunableTensor, SparsityReport } from '../types';
import { requireLayersModel, type ModelEngine } from './model-engine';
import { LayersEngine } from './tfjs-layers/layers-engine';

export class MaskedModel {
  readonly engine: ModelEngine;
  readonly tensors: readonly PrunableTensor[];
  private readonly denseValues = new Map<string, Float32Array>();
  private readonly masks = new Map<string, Uint8Array | null>();
  /** Tensors whose mask changed since they were last written into the model. */
  private readonly stale = new Set<string>();

  private constructor(engine: ModelEngine) {
    this.engine = engine;
    this.tensors = engine.tensors;
  }

  /**
   * Snapshots the dense values of every prunable tensor. `dense` gives values the caller already
   * holds (a checkpoint it just wrote), so they are not read back from the model a second time.
   */
  static async create(
    model: tf.LayersModel | ModelEngine,
    dense?: ReadonlyMap<string, Float32Array>,
  ): Promise<MaskedModel> {
    const engine = 'format' in model ? model : new LayersEngine(model);
    const masked = new MaskedModel(engine);
    for (const t of engine.tensors) {
      const known = dense?.get(t.name);
      masked.denseValues.set(t.name, known ? Float32Array.from(known) : await engine.readWeights(t.name));
      masked.masks.set(t.name, null);
    }
    return masked;
  }

  /** The TF.js layers model behind the engine (training, sweeps). */
  get model(): tf.LayersModel {
    return requireLayersModel(this.engine, 'this operation');
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

  /** The masks a withDenseWeights scope lifted; they come back when it ends (null outside a scope). */
  private lifted: Map<string, Uint8Array | null> | null = null;

  /** The mask in force for views of the pruned model: inside withDenseWeights, the one that comes back after it. */
  maskInForce(name: string): Uint8Array | null {
    this.info(name);
    return (this.lifted ?? this.masks).get(name) ?? null;
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

  /**
   * Writes dense ⊙ mask into the model for the given tensors (default all) whose mask changed since their last write.
   */
  async apply(names?: string[]): Promise<void> {
    const targets = names ?? this.tensors.map((t) => t.name);
    for (const name of targets) {
      this.info(name);
      if (!this.stale.has(name)) continue;
      this.engine.writeWeights(name, this.maskedValues(name));
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

  /**
   * Runs `work` on the dense model: every mask is lifted and written, and whatever `work` does,
   * the masks come back and are written again afterwards.
   */
  async withDenseWeights<T>(work: () => Promise<T>): Promise<T> {
    const saved = this.tensors.map((t) => [t.name, this.masks.get(t.name) ?? null] as const);
    const outermost = this.lifted === null;
    if (outermost) this.lifted = new Map(saved);
    this.resetAll();
    await this.apply();
    try {
      return await work();
    } finally {
      if (outermost) this.lifted = null;
      for (const [name, mask] of saved) this.setMask(name, mask);
      await this.apply();
    }
  }

  /** Sparsity of dense ⊙ mask per tensor and overall (from the masks, whether or not applied). */
  sparsity(): SparsityReport {
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
    return this.engine.readWeights(name);
  }
}

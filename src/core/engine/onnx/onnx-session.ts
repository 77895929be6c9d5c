// One onnxruntime-web InferenceSession over the weights-as-inputs model. Each run feeds the data
// batch and the current weights; a weight's ort.Tensor is made again only when its values change.
import * as ort from 'onnxruntime-web';
import type { GraphInput } from './onnx-checks';

export interface WeightInput {
  name: string;
  dims: number[];
  values: Float32Array;
}

export interface SessionOptions {
  /** 'wasm' everywhere; 'webgpu' only where a real (non-fallback) adapter exists */
  executionProviders?: ('wasm' | 'webgpu')[];
  /** bytes the weights may take as float32 (see memory-budget.ts); undefined: no limit */
  memoryBudget?: number;
}

export class OnnxWeightSession {
  private readonly weights = new Map<string, ort.Tensor>();

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly input: GraphInput,
  ) {}

  static async create(
    modelBytes: Uint8Array,
    input: GraphInput,
    weights: readonly WeightInput[],
    options: SessionOptions = {},
  ): Promise<OnnxWeightSession> {
    const session = await ort.InferenceSession.create(modelBytes, {
      executionProviders: options.executionProviders ?? ['wasm'],
      graphOptimizationLevel: 'all',
    });
    const runner = new OnnxWeightSession(session, input);
    for (const w of weights) runner.setWeights(w.name, w.values, w.dims);
    return runner;
  }

  get outputName(): string {
    return this.session.outputNames[0];
  }

  /** New values for one weight input (the array is not copied: do not change it afterwards). */
  setWeights(name: string, values: Float32Array, dims?: number[]): void {
    const shape = dims ?? (this.weights.get(name)?.dims as number[] | undefined);
    if (!shape) throw new Error(`'${name}' is not a weight input of this session`);
    this.weights.set(name, new ort.Tensor('float32', values, shape));
  }

  /** The first output for a batch laid out as the model's input (batch first). */
  async run(batch: Float32Array, batchSize: number): Promise<{ data: Float32Array; dims: number[] }> {
    const dims = [batchSize, ...this.input.shape.slice(1).map((d) => d ?? 1)];
    const feeds: Record<string, ort.Tensor> = { [this.input.name]: new ort.Tensor('float32', batch, dims) };
    for (const [name, t] of this.weights) feeds[name] = t;
    const out = await this.session.run(feeds);
    const first = out[this.outputName];
    const result = { data: first.data as Float32Array, dims: [...first.dims] };
    for (const t of Object.values(out)) t.dispose();
    return result;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

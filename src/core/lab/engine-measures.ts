// Thinning checks for engines without a TF.js layers model (ONNX): agreement, cost and latency
// measured through the engine's own forward pass and weights.
import * as tf from '@tensorflow/tfjs';
import { costReportOf, type CostReport } from '../cost';
import type { ModelEngine } from '../engine/model-engine';
import type { ResidentData } from './eval-data';
import { LabRefusal } from './outcome';
import type { LatencyFigure } from './types';

export function engineProbeInputs(engine: ModelEngine, data: ResidentData | null, count: number) {
  if (data) return { x: data.x.slice(0, Math.min(count, data.n)), fromData: true };
  if (engine.inputShape.some((d) => d === null))
    throw new LabRefusal(`the model input has unknown dimensions; cannot make test inputs`);
  return {
    x: tf.randomUniform([count, ...(engine.inputShape as number[])], 0, 1, 'float32', 1),
    fromData: false,
  };
}

/** max |a(x) - b(x)| over x, in batches. */
export async function engineAgreement(a: ModelEngine, b: ModelEngine, x: tf.Tensor, batch = 1000): Promise<number> {
  let worst = 0;
  for (let start = 0; start < x.shape[0]; start += batch) {
    const xb = x.slice(start, Math.min(batch, x.shape[0] - start));
    const [ya, yb] = [await a.forward(xb), await b.forward(xb)];
    const d = tf.tidy(() => tf.max(tf.abs(tf.sub(ya, yb))));
    const [v] = await d.data();
    tf.dispose([xb, ya, yb, d]);
    worst = Math.max(worst, Number.isNaN(v) ? Infinity : v);
  }
  return worst;
}

export async function engineCost(engine: ModelEngine): Promise<CostReport> {
  const macs = engine.denseMacs?.() ?? new Map<string, number>();
  return costReportOf(
    engine.tensors,
    (t) => macs.get(t.name) ?? 0,
    (n) => engine.readWeights(n),
  );
}

export async function engineLatency(engine: ModelEngine, x: tf.Tensor, runs = 10, warmup = 2): Promise<LatencyFigure> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    const y = await engine.forward(x);
    await y.data();
    y.dispose();
    if (i >= warmup) times.push(performance.now() - t0);
  }
  times.sort((p, q) => p - q);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], maxMs: times.at(-1)!, batch: x.shape[0] };
}

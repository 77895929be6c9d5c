// Wall-clock latency of one forward pass, read back with await data() so asynchronous backends
// (webgl, webgpu) are timed to completion.
import * as tf from '@tensorflow/tfjs';

export interface Latency {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

export interface LatencyOptions {
  runs?: number;
  warmup?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export async function measureLatency(
  model: tf.LayersModel,
  x: tf.Tensor,
  { runs = 10, warmup = 2 }: LatencyOptions = {},
): Promise<Latency> {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  if (!Number.isInteger(warmup) || warmup < 0)
    throw new RangeError(`warmup must be a non-negative integer, got ${warmup}`);
  const once = async () => {
    const t0 = performance.now();
    const y = tf.tidy(() => {
      const out = model.predict(x);
      return Array.isArray(out) ? out[0] : out;
    });
    try {
      await y.data();
    } finally {
      y.dispose();
    }
    return performance.now() - t0;
  };
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), runs };
}

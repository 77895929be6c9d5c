// Test-only: the fixtures made by scripts/make_onnx_fixtures.py with Debian's PyTorch.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { onnxChannelMasks } from './onnx-channel-masks';
import type { OnnxEngine } from './onnx-engine';

const DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(DIR, name)));
}

interface TorchMask {
  kind: 'l1_unstructured' | 'ln_structured';
  amount: number;
  shape: number[];
  mask: number[];
}

export interface TorchReference {
  batch: number[];
  logits: Record<string, number[]>;
  masks: Record<string, Record<string, TorchMask>>;
}

export const torchReference: TorchReference = JSON.parse(readFileSync(path.join(DIR, 'torch-reference.json'), 'utf8'));

/** The fixed input batch, NCHW [8, 1, 28, 28]. */
export function fixtureBatch(): Float32Array {
  return new Float32Array(fixtureBytes('batch-8x1x28x28.f32').slice().buffer);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function argmaxRows(data: ArrayLike<number>, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < data.length / cols; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (data[r * cols + c] > data[r * cols + best]) best = c;
    out.push(best);
  }
  return out;
}

/** Zeroes the removed filters (and everything that reads them) in the engine's current weights. */
export async function maskFilters(engine: OnnxEngine, removed: Record<string, number[]>): Promise<void> {
  for (const [name, mask] of onnxChannelMasks(engine.channelGraph()!, removed)) {
    const w = await engine.readWeights(name);
    engine.writeWeights(
      name,
      w.map((v, i) => v * mask[i]),
    );
  }
}

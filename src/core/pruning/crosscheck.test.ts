// Independent cross-check: the simplest possible sort-based re-implementations, written here without
// any helper from the code under test, compared with the library on real weights at 19 levels.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MagnitudeOrder, levelMaskFromOrder, magnitudeMask, sampleStd, sensitivityMask, structuredMask } from './index';

interface Tensor {
  name: string;
  shape: number[];
  w: Float32Array;
}

const MODEL_DIR = fileURLToPath(new URL('../../../public/models/lenet5/', import.meta.url));

function loadModelTensors(): Tensor[] {
  if (existsSync(join(MODEL_DIR, 'model.json')) && existsSync(join(MODEL_DIR, 'weights.bin'))) {
    const model = JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'));
    const tensors: Tensor[] = [];
    for (const group of model.weightsManifest) {
      const bytes = Buffer.concat(group.paths.map((p: string) => readFileSync(join(MODEL_DIR, p))));
      let offset = 0;
      for (const spec of group.weights) {
        const n = spec.shape.reduce((a: number, b: number) => a * b, 1);
        if (spec.dtype !== 'float32') throw new Error(`unexpected dtype ${spec.dtype}`);
        const w = new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * n));
        offset += 4 * n;
        if (spec.shape.length === 2 || spec.shape.length === 4) tensors.push({ name: spec.name, shape: spec.shape, w });
      }
    }
    return tensors;
  }
  return [];
}

// Seeded tensors with deliberately duplicated values, so ties are always exercised.
function tiedTensors(): Tensor[] {
  let state = 12345;
  const rand = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const make = (name: string, shape: number[]): Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    const w = new Float32Array(n).map(() => Math.round((rand() - 0.5) * 200) / 1000);
    return { name, shape, w };
  };
  return [make('c1', [5, 5, 1, 20]), make('c2', [5, 5, 20, 50]), make('d1', [800, 50]), make('d2', [50, 10])];
}

// --- reference implementations (deliberately naive) ---
function refRoundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
function refF32(x: number): number {
  return new Float32Array([x])[0];
}
function refTfmotKeep(n: number, s: number): number {
  return Math.max(refRoundHalfEven(refF32(refF32(n) * refF32(1 - refF32(s)))), 1);
}
/** Sorted once per tensor (sorting is the slow part), then thresholded per level. */
interface RefSorted {
  abs: number[];
  ascending: number[];
  indexByAbs: number[];
}
function refSort(w: Float32Array): RefSorted {
  const abs = Array.from(w, (v) => Math.abs(v));
  return {
    abs,
    ascending: [...abs].sort((a, b) => a - b),
    indexByAbs: abs.map((_, i) => i).sort((a, b) => abs[a] - abs[b] || a - b),
  };
}
function refLevel(r: RefSorted, s: number, convention: string): Uint8Array {
  const n = r.abs.length;
  const mask = new Uint8Array(n).fill(1);
  if (convention === 'distiller') {
    const k = Math.floor(s * n);
    if (k === 0) return mask;
    const lambda = r.ascending[k - 1];
    for (let i = 0; i < n; i++) mask[i] = r.abs[i] > lambda ? 1 : 0;
    return mask;
  }
  if (convention === 'torch') {
    const k = refRoundHalfEven(s * n);
    for (let i = 0; i < k; i++) mask[r.indexByAbs[i]] = 0;
    return mask;
  }
  const keep = refTfmotKeep(n, s);
  const threshold = r.ascending[n - keep];
  for (let i = 0; i < n; i++) mask[i] = r.abs[i] >= threshold ? 1 : 0;
  return mask;
}
function refStructureMask(
  t: Tensor,
  group: 'filters' | 'channels',
  norm: 'l1' | 'l2',
  normalize: 'mean' | 'raw',
  s: number,
  convention: string,
): Uint8Array {
  const out = t.shape[t.shape.length - 1];
  const inputs = t.shape[t.shape.length - 2];
  const spatial = t.w.length / (out * inputs);
  const N = group === 'filters' ? out : inputs;
  const acc = new Array(N).fill(0);
  for (let p = 0; p < spatial; p++) {
    for (let c = 0; c < inputs; c++) {
      for (let f = 0; f < out; f++) {
        const v = t.w[(p * inputs + c) * out + f];
        acc[group === 'filters' ? f : c] += norm === 'l1' ? Math.abs(v) : v * v;
      }
    }
  }
  const size = t.w.length / N;
  const scores = acc.map((a) => (norm === 'l1' ? a : Math.sqrt(a)) / (normalize === 'mean' ? size : 1));
  const byScore = scores.map((_, j) => j).sort((a, b) => scores[a] - scores[b] || a - b);
  const dead = new Set<number>();
  if (convention === 'distiller') {
    let k = Math.floor(s * N);
    if (k === N) k = N - 1;
    if (k > 0) {
      const threshold = scores[byScore[k - 1]];
      const ties = byScore.filter((j) => scores[j] <= threshold);
      ties.slice(0, Math.min(ties.length, N - 1)).forEach((j) => dead.add(j));
    }
  } else {
    const k = refRoundHalfEven(s * N);
    byScore.slice(0, k).forEach((j) => dead.add(j));
  }
  const mask = new Uint8Array(t.w.length);
  for (let p = 0; p < spatial; p++) {
    for (let c = 0; c < inputs; c++) {
      for (let f = 0; f < out; f++) mask[(p * inputs + c) * out + f] = dead.has(group === 'filters' ? f : c) ? 0 : 1;
    }
  }
  return mask;
}
function mismatches(a: Uint8Array, b: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) m++;
  return m + Math.abs(a.length - b.length);
}

const LEVELS = Array.from({ length: 19 }, (_, i) => ((i + 1) * 5) / 100);
const modelTensors = loadModelTensors();
const sources: [string, Tensor[]][] = [['seeded tensors with ties', tiedTensors()]];
if (modelTensors.length > 0) sources.push(['lenet5 weights.bin', modelTensors]);

describe.each(sources)('cross-check against naive re-implementations: %s', (_source, tensors) => {
  it('has tensors of both ranks', () => {
    expect(tensors.some((t) => t.shape.length === 4)).toBe(true);
    expect(tensors.some((t) => t.shape.length === 2)).toBe(true);
  });

  it('level pruning, all three conventions, 19 levels: 0 mismatches', () => {
    let total = 0;
    let compared = 0;
    for (const t of tensors) {
      const order = MagnitudeOrder.of(t.w);
      const sorted = refSort(t.w);
      for (const convention of ['distiller', 'torch', 'tfmot'] as const) {
        for (const s of LEVELS) {
          total += mismatches(levelMaskFromOrder(order, s, convention), refLevel(sorted, s, convention));
          compared++;
        }
      }
    }
    expect(compared).toBe(tensors.length * 3 * 19);
    expect(total).toBe(0);
  });

  it('magnitude and sensitivity pruning: 0 mismatches', () => {
    let total = 0;
    for (const t of tensors) {
      let mean = 0;
      t.w.forEach((v) => (mean += v / t.w.length));
      let ss = 0;
      t.w.forEach((v) => (ss += (v - mean) ** 2));
      const std = Math.sqrt(ss / (t.w.length - 1));
      expect(sampleStd(t.w)).toBeCloseTo(std, 10);
      for (const s of LEVELS) {
        const lambda = s * 0.1;
        const lambda32 = refF32(lambda);
        total += mismatches(
          magnitudeMask(t.w, lambda),
          Uint8Array.from(t.w, (v) => (Math.abs(v) > lambda32 ? 1 : 0)),
        );
        const sens = s * 2;
        const sensLambda = refF32(refF32(sens) * refF32(std));
        total += mismatches(
          sensitivityMask(t.w, sens, std),
          Uint8Array.from(t.w, (v) => (Math.abs(v) > sensLambda ? 1 : 0)),
        );
      }
    }
    expect(total).toBe(0);
  });

  it('filter and channel ranking, L1/L2, mean/raw, distiller/torch, 19 levels: 0 mismatches', () => {
    let total = 0;
    let compared = 0;
    for (const t of tensors) {
      for (const group of ['filters', 'channels'] as const) {
        for (const norm of ['l1', 'l2'] as const) {
          for (const normalize of ['mean', 'raw'] as const) {
            for (const convention of ['distiller', 'torch'] as const) {
              for (const s of LEVELS) {
                const got = structuredMask(t.w, t.shape, group, s, { norm, normalize, convention }).mask;
                total += mismatches(got, refStructureMask(t, group, norm, normalize, s, convention));
                compared++;
              }
            }
          }
        }
      }
    }
    expect(compared).toBe(tensors.length * 2 * 2 * 2 * 2 * 19);
    expect(total).toBe(0);
  });
});

// The inspect panel's weight histogram on a 1M-weight tensor: binning (numpy.histogram semantics),
// kept counts on the same bins and λ from the mask, as the worker computes them for each plan.
import { weightHistogram } from '../../src/core/inspect/weight-histogram';
import { levelMask } from '../../src/core/pruning';
import type { TensorMethod } from '../../src/core/plan/plan';

const N = 1_000_000;
const RUNS = 15;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Normal-ish weights (sum of 4 uniforms, σ ≈ 0.05), seeded. */
function weights(n: number): Float32Array {
  let seed = 12345;
  const u = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  return Float32Array.from({ length: n }, () => (u() + u() + u() + u() - 2) * 0.087);
}

export async function benchHistogram(): Promise<void> {
  const w = weights(N);
  const tensor = { name: 'bench/kernel', shape: [1000, 1000] };
  const level: TensorMethod = { kind: 'level', sparsity: 0.9 };
  const mask = levelMask(w, 0.9);
  const cases: { label: string; mask: Uint8Array | null; method: TensorMethod }[] = [
    { label: 'dense (no mask)', mask: null, method: { kind: 'dense' } },
    { label: 'level 90%, λ from the mask', mask, method: level },
    { label: 'sensitivity s = 1, λ = s·σ', mask, method: { kind: 'sensitivity', s: 1 } },
  ];
  console.log(
    `${N} float32 weights, 64 bins; median of ${RUNS} runs after 2 warm-up runs (wall, and this process's CPU)`,
  );
  console.log('case                                  wall       cpu');
  for (const c of cases) {
    for (let i = 0; i < 2; i++) weightHistogram(tensor, w, c.mask, c.method);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      weightHistogram(tensor, w, c.mask, c.method);
      wall.push(performance.now() - t0);
      const used = process.cpuUsage(c0);
      cpu.push((used.user + used.system) / 1000);
    }
    const ms = (xs: number[]) => `${median(xs).toFixed(2)} ms`.padStart(10);
    console.log(`${c.label.padEnd(32)}${ms(wall)}${ms(cpu)}`);
  }
}

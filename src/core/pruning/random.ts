/**
 * mulberry32: a small, fast 32-bit seeded PRNG (Tommy Ettinger's public-domain generator).
 * Returns a function giving floats in [0, 1); the same seed always gives the same sequence.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct indices out of [0, n), uniformly at random (partial Fisher-Yates), in draw order. */
export function sampleIndices(n: number, k: number, seed: number): Uint32Array {
  const next = mulberry32(seed);
  const pool = new Uint32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (n - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.subarray(0, k);
}

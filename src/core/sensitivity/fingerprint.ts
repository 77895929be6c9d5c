// What identifies a sweep's inputs across machines: SHA-256 of the model's files and of the data.
import type { LabelledImages, NamedBytes } from '../types';

async function sha256(parts: readonly (ArrayBuffer | Uint8Array)[]): Promise<string> {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p instanceof Uint8Array ? p : new Uint8Array(p), at);
    at += p.byteLength;
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', all);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The model files' names and bytes, in the given order. */
export function modelFingerprint(files: readonly NamedBytes[]): Promise<string> {
  const enc = new TextEncoder();
  return sha256(files.flatMap((f) => [enc.encode(`${f.name}\n${f.bytes.byteLength}\n`), f.bytes]));
}

/** The first `n` examples: their shape, pixels and labels. */
export function dataFingerprint(data: LabelledImages, n = data.n): Promise<string> {
  const per = data.rows * data.cols;
  return sha256([
    new TextEncoder().encode(`${n}x${data.rows}x${data.cols}\n`),
    data.pixels.subarray(0, n * per),
    data.labels.subarray(0, n),
  ]);
}

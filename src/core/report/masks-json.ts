// The masks file (1 = kept) written by `prunelab export --format masks`, `prunelab schedule` and the
// page's report: run-length encoded per prunable tensor, row-major over the TF.js shape.
import type { ModelEngine } from '../engine/model-engine';
import type { PrunableTensor } from '../types';

/** Run-length encoding of a 0/1 mask: the first value, then the lengths of alternating runs. */
export function maskRuns(mask: Uint8Array): { first: number; runs: number[] } {
  const runs: number[] = [];
  let current = mask[0] ?? 1;
  let length = 0;
  for (const v of mask) {
    if (v === current) length++;
    else {
      runs.push(length);
      current = v;
      length = 1;
    }
  }
  if (length > 0) runs.push(length);
  return { first: mask[0] ?? 1, runs };
}

export function masksJson(all: readonly PrunableTensor[], masks: Record<string, Uint8Array>): string {
  const tensors: Record<string, unknown> = {};
  for (const t of all) {
    const mask = masks[t.name];
    if (!mask) continue;
    let kept = 0;
    for (const v of mask) kept += v;
    tensors[t.name] = { shape: t.shape, kept, encoding: 'rle', ...maskRuns(mask) };
  }
  return JSON.stringify(
    {
      format: 'prunelab-masks',
      version: 1,
      note: '1 = kept, 0 = pruned; runs alternate starting with "first", row-major over the TF.js shape',
      tensors,
    },
    null,
    1,
  );
}

/** The masks of a model's current weights: every zero of a prunable tensor counts as pruned. */
export async function masksFromZeros(engine: Pick<ModelEngine, 'tensors' | 'readWeights'>): Promise<string> {
  const masks: Record<string, Uint8Array> = {};
  for (const t of engine.tensors)
    masks[t.name] = Uint8Array.from(await engine.readWeights(t.name), (v) => (v !== 0 ? 1 : 0));
  return masksJson(engine.tensors, masks);
}

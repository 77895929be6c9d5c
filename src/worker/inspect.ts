// Views of the pruned model computed in the worker: Distiller summary, mask heat-map data, export, thinning.
import * as tf from '@tensorflow/tfjs';
import { layersModelToFiles } from '../core/model-artifacts';
import { SUMMARY_CONVENTION_NOTE, weightsSparsitySummary } from '../core/pruning';
import { analyzeChannels } from '../core/graph';
import { removedFiltersFromMasks, thinModel, thinnedAgreement } from '../core/thinning';
import type { MaskedModel } from '../core/engine/masked-model';
import type { PrunableTensor } from '../core/types';
import type { LatencyFigure, ModelFile, SummaryReport, TensorMaskView, ThinReport } from './protocol';

export function summaryOf(masked: MaskedModel, tensors: PrunableTensor[]): SummaryReport {
  const rows = weightsSparsitySummary(
    tensors.map((t) => ({ name: t.name, shape: t.shape, values: masked.maskedValues(t.name) })),
  );
  return { rows, convention: SUMMARY_CONVENTION_NOTE };
}

export function maskViewOf(masked: MaskedModel, tensor: PrunableTensor): TensorMaskView {
  const dense = masked.dense(tensor.name);
  let max = 0;
  for (let i = 0; i < dense.length; i++) max = Math.max(max, Math.abs(dense[i]));
  const magnitude = new Uint8Array(dense.length);
  const scale = max > 0 ? 255 / max : 0;
  for (let i = 0; i < dense.length; i++) magnitude[i] = Math.round(Math.abs(dense[i]) * scale);
  const mask = masked.getMask(tensor.name);
  return { name: tensor.name, shape: tensor.shape, mask: mask ? mask.slice() : null, magnitude };
}

export async function modelFiles(model: tf.LayersModel): Promise<ModelFile[]> {
  const files = await layersModelToFiles(model);
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(files.modelJson) },
    { name: 'weights.bin', bytes: files.weights },
  ];
}

/** Kernel masks as they are now (null masks are all-ones), keyed by tensor name. */
function currentMasks(masked: MaskedModel, tensors: PrunableTensor[]): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const t of tensors) out.set(t.name, masked.getMask(t.name) ?? new Uint8Array(t.size).fill(1));
  return out;
}

/**
 * Removes every filter whose kernel slice and consumer inputs are masked, checks the thinned model
 * against the masked one on `x`, and measures both. Nothing of the session changes.
 */
export async function thinSession(
  model: tf.LayersModel,
  masked: MaskedModel,
  tensors: PrunableTensor[],
  x: tf.Tensor,
  checkedOn: string,
  latencyOf: (m: tf.LayersModel) => Promise<LatencyFigure>,
  macsOf: (m: tf.LayersModel) => number,
): Promise<ThinReport> {
  const graph = analyzeChannels(model);
  const removed = removedFiltersFromMasks(graph, currentMasks(masked, tensors));
  const counts = Object.fromEntries(
    Object.entries(removed)
      .filter(([, v]) => v.length > 0)
      .map(([k, v]) => [k, v.length]),
  );
  if (Object.keys(counts).length === 0) {
    throw new Error(
      'no whole filter is pruned yet: choose Filters (or Channels) for a layer first — element sparsity cannot be thinned',
    );
  }
  const thinned = await thinModel(model, removed);
  try {
    const maxDiff = await thinnedAgreement(model, thinned, x);
    if (!(maxDiff <= 1e-5))
      throw new Error(
        `the thinned model disagrees with the masked one (max |diff| = ${maxDiff.toExponential(2)} > 1e-5); not exported`,
      );
    return {
      removed: counts,
      paramsBefore: model.countParams(),
      paramsAfter: thinned.countParams(),
      macsBefore: macsOf(model),
      macsAfter: macsOf(thinned),
      maxDiff,
      checkedOn,
      latency: { masked: await latencyOf(model), thinned: await latencyOf(thinned) },
      files: await modelFiles(thinned),
    };
  } finally {
    thinned.dispose();
  }
}

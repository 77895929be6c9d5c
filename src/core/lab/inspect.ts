// Views of the pruned model: Distiller's summary, one tensor's mask for the heat map, cost,
// measured latency, and the first outputs for comparing backends.
import * as tf from '@tensorflow/tfjs';
import { HISTOGRAM_BINS, weightHistogram, type WeightHistogram } from '../inspect/weight-histogram';
import type { TensorMethod } from '../plan/plan';
import { costReport, costReportOf, measureLatency, type CostReport } from '../cost';
import type { MaskedModel } from '../engine/masked-model';
import { requireLayersModel } from '../engine/model-engine';
import { SUMMARY_CONVENTION_NOTE, weightsSparsitySummary } from '../pruning';
import { groupFits } from '../sensitivity/level-masks';
import type { FilterSemantics, SensitivityGroup } from '../sensitivity/types';
import type { ResidentData } from './eval-data';
import type { LoadedModel } from './lab-context';
import { LabRefusal } from './outcome';
import type { EvalSettings, LatencyFigure, LatencyReport, SparsityTable, TensorMaskView } from './types';

export function sparsityTableOf(masked: MaskedModel): SparsityTable {
  const rows = weightsSparsitySummary(
    masked.tensors.map((t) => ({ name: t.name, shape: t.shape, values: masked.maskedValues(t.name) })),
  );
  return { rows, convention: SUMMARY_CONVENTION_NOTE };
}

function knownTensor(masked: MaskedModel, name: string) {
  const tensor = masked.tensors.find((t) => t.name === name);
  if (!tensor)
    throw new Error(`unknown tensor "${name}"; this model has ${masked.tensors.map((t) => t.name).join(', ')}`);
  return tensor;
}

export function maskViewOf(masked: MaskedModel, name: string): TensorMaskView {
  const tensor = knownTensor(masked, name);
  const dense = masked.dense(name);
  let max = 0;
  for (let i = 0; i < dense.length; i++) max = Math.max(max, Math.abs(dense[i]));
  const magnitude = new Uint8Array(dense.length);
  const scale = max > 0 ? 255 / max : 0;
  for (let i = 0; i < dense.length; i++) magnitude[i] = Math.round(Math.abs(dense[i]) * scale);
  const mask = masked.getMask(name);
  return { name, shape: tensor.shape, mask: mask ? mask.slice() : null, magnitude };
}

/** The dense weights' histogram with the kept ones on the same bins, and ±λ of `method` (the plan's for this tensor). */
export function histogramOf(
  masked: MaskedModel,
  name: string,
  method: TensorMethod,
  bins = HISTOGRAM_BINS,
): WeightHistogram {
  return weightHistogram(knownTensor(masked, name), masked.dense(name), masked.maskInForce(name), method, bins);
}

export function costOf({ engine, masked }: LoadedModel): Promise<CostReport> {
  const values = (n: string) => masked.maskedValues(n);
  if (!engine.layersModel && engine.denseMacs) {
    const macs = engine.denseMacs();
    return costReportOf(engine.tensors, (t) => macs.get(t.name) ?? 0, values);
  }
  return costReport(requireLayersModel(engine, 'the cost model'), values);
}

/** Tensors a sweep of `group` applies to. */
export function sweepableTensors(
  { engine }: LoadedModel,
  group: SensitivityGroup,
  semantics: FilterSemantics,
): string[] {
  const graph = group === 'filter' && semantics === 'remove' ? engine.channelGraph() : null;
  return engine.tensors.filter((t) => groupFits(t, group, semantics, graph)).map((t) => t.name);
}

/** Inputs for timing and checks: the first `count` evaluation images, or seeded random inputs when none fit. */
export function probeInputs(
  model: tf.LayersModel,
  data: ResidentData | null,
  count: number,
): { x: tf.Tensor; fromData: boolean } {
  if (data) return { x: data.x.slice(0, Math.min(count, data.n)), fromData: true };
  const shape = model.inputs[0].shape.slice(1);
  if (shape.some((d) => d === null))
    throw new LabRefusal(
      `the model input [${model.inputs[0].shape.join(', ')}] has unknown dimensions; cannot make test inputs`,
    );
  return { x: tf.randomUniform([count, ...(shape as number[])], 0, 1, 'float32', 1), fromData: false };
}

/** Median, min and max of `runs` timed forward passes on `x` after `warmup` untimed ones. */
export async function latencyOn(model: tf.LayersModel, x: tf.Tensor, runs = 10, warmup = 2): Promise<LatencyFigure> {
  const l = await measureLatency(model, x, { runs, warmup });
  return { medianMs: l.medianMs, minMs: l.minMs, maxMs: l.maxMs, batch: x.shape[0] };
}

/** Batch-256 latency of the dense model and of the model as pruned now. */
export async function latencyOf(
  { engine, masked }: LoadedModel,
  data: ResidentData | null,
  settings: EvalSettings,
): Promise<LatencyReport> {
  const model = requireLayersModel(engine, 'latency measurement');
  const { x } = probeInputs(model, data, data ? 256 : Math.min(settings.limit ?? 256, 256));
  try {
    const dense = await masked.withDenseWeights(() => latencyOn(model, x));
    return { dense, pruned: await latencyOn(model, x), thinned: null };
  } finally {
    x.dispose();
  }
}

export async function predictFirst({ engine }: LoadedModel, data: ResidentData | null, n: number) {
  if (!data) throw new Error('no evaluation data fits this model');
  const out = tf.tidy(() => engine.predict(data.x.slice(0, Math.min(n, data.n))));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

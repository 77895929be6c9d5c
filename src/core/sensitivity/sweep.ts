// Distiller's perform_sensitivity_analysis, streamed: each selected tensor alone is pruned to each
// level, evaluated, and restored to its exact dense values. Fast paths: the data stays on the
// device, each tensor is sorted/ranked once, masked weights are written into the variables in
// place, one small readback per evaluation, and (where the engine splits the model before the swept
// tensor) the layers before it run once per tensor instead of once per level.
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_EVAL_BATCH, EvaluationInputError, type OutputKind } from '../eval/evaluate';
import { MaskedModel } from '../engine/masked-model';
import type { ModelEngine } from '../engine/model-engine';
import type { PrunableTensor } from '../types';
import { batchStatistics, STAT, STAT_COUNT } from './batch-metrics';
import { SensitivityInputError } from './errors';
import {
  batchesOf,
  fullForward,
  withOutput,
  prefixElementsPerExample,
  suffixForward,
  type Batch,
  type Forward,
} from './forward';
import { denseReference, type DenseReference } from './label-free';
import { channelGraphForSweep, checkGroupFits, levelMaskSource } from './level-masks';
import { checkLevels, DEFAULT_LEVELS } from './levels';
import type { SensitivityRow, SweepOptions } from './types';
import { maybeYield, throwIfAborted } from './yielding';

/** Model inputs resident on the device, with int32 labels unless the sweep runs label-free. */
export interface SweepData {
  x: tf.Tensor;
  y?: tf.Tensor1D;
}

const DEFAULT_MAX_ACTIVATION_BYTES = 768 * 1024 * 1024;

interface Evaluation {
  top1: number;
  top5: number;
  loss: number;
  kl: number;
}

async function evaluateForward(
  forward: Forward,
  batches: readonly Batch[],
  labels: tf.Tensor1D,
  kind: OutputKind,
  reference: DenseReference | null,
  signal: AbortSignal | undefined,
): Promise<Evaluation> {
  let sums: tf.Tensor1D = tf.zeros([STAT_COUNT]);
  let n = 0;
  try {
    for (let b = 0; b < batches.length; b++) {
      const { start, size } = batches[b];
      const next = await withOutput(forward, b, (out) => {
        const stats = batchStatistics(out, labels.slice(start, size), kind, reference?.logProbs[b]);
        return tf.add(sums, stats) as tf.Tensor1D;
      });
      sums.dispose();
      sums = next;
      n += size;
      await maybeYield();
      throwIfAborted(signal);
    }
    const s = await sums.data();
    if (s[STAT.badLabels] > 0) {
      throw new EvaluationInputError(`${s[STAT.badLabels]} label(s) are outside the model's output classes`);
    }
    return {
      top1: (100 * s[STAT.top1]) / n,
      top5: (100 * s[STAT.topk]) / n,
      loss: s[STAT.loss] / n,
      kl: s[STAT.kl] / n,
    };
  } finally {
    sums.dispose();
  }
}

function resolveTensors(all: readonly PrunableTensor[], names: readonly string[]): PrunableTensor[] {
  if (names.length === 0) throw new SensitivityInputError('select at least one layer to sweep');
  return names.map((name) => {
    const t = all.find((x) => x.name === name || x.layerName === name);
    if (!t)
      throw new SensitivityInputError(
        `'${name}' is not a prunable tensor of this model; prunable: ${all.map((x) => x.name).join(', ')}`,
      );
    return t;
  });
}

function checkSubset(subset: number | undefined, available: number): number {
  if (subset === undefined) return available;
  if (!Number.isInteger(subset) || subset < 1)
    throw new SensitivityInputError(`subset must be a positive integer (number of examples); got ${subset}`);
  return Math.min(subset, available);
}

/**
 * Sweeps each tensor of `opts.tensors` alone over `opts.levels`; resolves with every row in order.
 * The weights the model holds when the sweep starts are its baseline (write the dense weights
 * first to sweep the dense model); each tensor gets exactly those values back after its sweep.
 * Rows are delivered through opts.onRow as they finish, so a caller keeps them when cancelling
 * (opts.signal) rejects with a CancelledError; the model is restored in every case.
 *
 * Filter group: 4-D Conv2D kernels only (a 2-D kernel is refused up front). With filterSemantics
 * 'remove' a coupled group (layers joined by Add...) loses the same filters in every member.
 * The prefix trick applies where the engine splits the model before the swept tensor (a chain of
 * TF.js layers); elsewhere, and for tensors whose cached activations would exceed
 * maxActivationBytes, every level runs the engine's full forward pass (reported through onNote).
 */
export async function runSweep(engine: ModelEngine, data: SweepData, opts: SweepOptions): Promise<SensitivityRow[]> {
  const group = opts.group ?? 'element';
  if (group !== 'element' && group !== 'filter' && group !== 'channel') {
    throw new SensitivityInputError(`group must be 'element', 'filter' or 'channel'; got '${String(group)}'`);
  }
  const semantics = opts.filterSemantics ?? 'remove';
  const convention = opts.convention ?? 'distiller';
  const levels = opts.levels ?? DEFAULT_LEVELS;
  checkLevels(levels);
  const batchSize = opts.batchSize ?? DEFAULT_EVAL_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new SensitivityInputError(`batch size must be a positive integer; got ${batchSize}`);
  const mode = opts.mode ?? (data.y ? 'labels' : 'agreement');
  if (mode === 'labels' && !data.y)
    throw new SensitivityInputError("mode 'labels' needs labels (data.y); use mode 'agreement' without them");
  const tensors = resolveTensors(engine.tensors, opts.tensors);
  const graph = channelGraphForSweep(engine, group, semantics);
  for (const t of tensors) checkGroupFits(t, group, semantics, graph);
  const available = data.x.shape[0];
  if (available === 0) throw new SensitivityInputError('the dataset to evaluate is empty');
  if (data.y && (data.y.rank !== 1 || data.y.shape[0] !== available)) {
    throw new SensitivityInputError(
      `labels must be a 1-D tensor with one label per example: x has ${available}, labels have shape ` +
        `[${data.y.shape.join(', ')}]`,
    );
  }
  const n = checkSubset(opts.subset, available);
  const kind = engine.outputs;
  const order = new Map(engine.tensors.map((t, i) => [t.name, i]));
  const maxBytes = opts.maxActivationBytes ?? DEFAULT_MAX_ACTIVATION_BYTES;
  const signal = opts.signal;
  const rows: SensitivityRow[] = [];
  const owned: tf.Tensor[] = [];
  let reference: DenseReference | null = null;
  const masked = await MaskedModel.create(engine);
  const evaluationsTotal = tensors.length * levels.length;

  try {
    throwIfAborted(signal);
    const x = n < available ? data.x.slice(0, n) : data.x;
    if (x !== data.x) owned.push(x);
    const batches = batchesOf(n, batchSize);
    let labels: tf.Tensor1D;
    if (mode === 'agreement') {
      reference = await denseReference(fullForward(engine, x, batches), batches, kind, signal);
      labels = reference.labels;
    } else {
      const y = data.y as tf.Tensor1D;
      labels = tf.tidy(() => {
        const sliced = n < available ? y.slice(0, n) : y.clone();
        return sliced.dtype === 'int32' ? sliced : (sliced.toInt() as tf.Tensor1D);
      });
      owned.push(labels);
    }

    for (let ti = 0; ti < tensors.length; ti++) {
      const tensor = tensors[ti];
      const source = levelMaskSource(tensor, masked.dense(tensor.name), group, convention, semantics, graph);
      const progress = (phase: 'prefix' | 'evaluate') =>
        opts.onProgress?.({
          parameter: tensor.name,
          tensorIndex: ti,
          tensorCount: tensors.length,
          evaluationsDone: rows.length,
          evaluationsTotal,
          phase,
        });
      let forward: Forward | null = null;
      try {
        progress('prefix');
        forward = await forwardFor(tensor, source.touched);
        for (const s of levels) {
          throwIfAborted(signal);
          const masks = source.masksAt(s);
          for (const name of source.touched) masked.setMask(name, masks.get(name) ?? null);
          await masked.apply([...source.touched]);
          const e = await evaluateForward(forward, batches, labels, kind, reference, signal);
          const row: SensitivityRow = {
            parameter: tensor.name,
            sparsity: s,
            top1: e.top1,
            top5: e.top5,
            loss: e.loss,
            n,
          };
          if (mode === 'agreement') {
            row.agreement = e.top1;
            row.kl = e.kl;
          }
          rows.push(row);
          opts.onRow?.(row);
          progress('evaluate');
          if (opts.earlyStop && row.top1 < opts.earlyStop.minTop1) break;
        }
      } finally {
        forward?.dispose();
        for (const name of source.touched) masked.setMask(name, null);
        await masked.apply([...source.touched]);
      }
    }
    return rows;

    async function forwardFor(tensor: PrunableTensor, touched: readonly string[]): Promise<Forward> {
      const full = fullForward(engine, x, batches);
      if (opts.prefix === false) return full;
      const split = engine.split?.(tensor.name) ?? null;
      if (!split) {
        opts.onNote?.(
          `${tensor.name}: the model is not a single chain of layers before it; every level runs the full model`,
        );
        return full;
      }
      // Every masked tensor must come at or after the split, or the cached activations would be stale.
      const at = order.get(tensor.name)!;
      const stale = touched.filter((name) => (order.get(name) ?? -1) < at);
      if (stale.length) {
        opts.onNote?.(`${tensor.name}: ${stale.join(', ')} run before it; every level runs the full model`);
        return full;
      }
      const per = prefixElementsPerExample(split, x);
      if (per * n * 4 > maxBytes) {
        opts.onNote?.(
          `${tensor.name}: its input activations (${Math.round((per * n * 4) / 2 ** 20)} MiB) exceed the cache ` +
            `limit; every level runs the full model`,
        );
        return full;
      }
      return suffixForward(split, x, batches, signal);
    }
  } finally {
    reference?.dispose();
    tf.dispose(owned);
  }
}

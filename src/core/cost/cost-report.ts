// Per prunable tensor and total: parameters, non-zeros, dense and effective MACs and storage.
import type * as tf from '@tensorflow/tfjs';
import { prunableTensors } from '../engine/tfjs-layers/model-introspect';
import type { PrunableTensor } from '../types';
import { kernelMacs } from './layer-macs';
import { csrRows, gzipSize, storageBytes, type StorageBytes } from './storage';

export interface TensorCost {
  name: string;
  layerName: string;
  layerClass: string;
  shape: number[];
  params: number;
  nnz: number;
  macsDense: number;
  /** MACs · nnz / numel: each kept weight costs one MAC per output position. */
  macsEffective: number;
  bytes: StorageBytes & { gzip: number };
}

export interface CostTotals {
  params: number;
  nnz: number;
  macsDense: number;
  macsEffective: number;
  bytes: StorageBytes & { gzip: number };
}

export interface CostReport {
  tensors: TensorCost[];
  /** Sums over the prunable tensors (gzip: the sum of per-tensor gzip sizes). */
  total: CostTotals;
}

function nonZeros(values: ArrayLike<number>): number {
  let nnz = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nnz++;
  return nnz;
}

/** Cost of one kernel from its (masked) values and its dense MACs. */
export async function tensorCost(t: PrunableTensor, values: Float32Array, macsDense: number): Promise<TensorCost> {
  if (values.length !== t.size) throw new Error(`${t.name}: ${values.length} values for shape [${t.shape.join(', ')}]`);
  const nnz = nonZeros(values);
  return {
    name: t.name,
    layerName: t.layerName,
    layerClass: t.layerClass,
    shape: [...t.shape],
    params: t.size,
    nnz,
    macsDense,
    macsEffective: t.size === 0 ? 0 : Math.round((macsDense * nnz) / t.size),
    bytes: { ...storageBytes(t.size, nnz, csrRows(t.shape)), gzip: await gzipSize(values) },
  };
}

/**
 * Cost of every prunable kernel of `model`; `values(name)` gives the weights to count (e.g. the
 * masked values, or the model's own). Default: the values the model holds now.
 */
export async function costReport(
  model: tf.LayersModel,
  values?: (name: string) => Float32Array | Promise<Float32Array>,
): Promise<CostReport> {
  const byName = new Map(model.weights.map((w) => [w.originalName, w]));
  const read = values ?? (async (name: string) => Float32Array.from(await byName.get(name)!.read().data()));
  return costReportOf(prunableTensors(model), (t) => kernelMacs(model, t).macs, read);
}

/** Cost of the given kernels, from their dense MACs and the values to count (any model format). */
export async function costReportOf(
  kernels: readonly PrunableTensor[],
  macsOf: (t: PrunableTensor) => number,
  read: (name: string) => Float32Array | Promise<Float32Array>,
): Promise<CostReport> {
  const tensors: TensorCost[] = [];
  for (const t of kernels) tensors.push(await tensorCost(t, await read(t.name), macsOf(t)));
  const sum = (f: (c: TensorCost) => number) => tensors.reduce((a, c) => a + f(c), 0);
  return {
    tensors,
    total: {
      params: sum((c) => c.params),
      nnz: sum((c) => c.nnz),
      macsDense: sum((c) => c.macsDense),
      macsEffective: sum((c) => c.macsEffective),
      bytes: {
        dense: sum((c) => c.bytes.dense),
        bitmask: sum((c) => c.bytes.bitmask),
        csr: sum((c) => c.bytes.csr),
        gzip: sum((c) => c.bytes.gzip),
      },
    },
  };
}

// Checks a demo's model.onnx (PyTorch's export of the same weights) in onnxruntime-web, through the
// lab's ONNX engine, against PyTorch's figures and the TF.js model's logits on the 10k test set.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { OnnxEngine } from '../src/core/engine/onnx/onnx-engine';
import type { LabelledImages, Metrics } from '../src/core/types';
import { maxAbsDiff, maxProbeDiff, metricsFromLogits } from './demo-metrics';

/** Largest logit difference between the TF.js and the ONNX model, on every test image. */
export const MAX_FORMAT_LOGIT_DIFF = 1e-4;

export interface OnnxCheck {
  metrics: Metrics;
  runtime: string;
  maxProbeLogitDiff: number;
  maxLogitDiffVsTfjs: number;
  /** test images whose top-1 class differs between the two formats */
  top1Disagreements: number;
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** NCHW float input, pixels / 255. */
function nchw(ds: LabelledImages): Float32Array {
  return Float32Array.from(ds.pixels, (v) => v / 255);
}

export async function checkOnnxExport(
  file: string,
  test: LabelledImages,
  tfjsLogits: Float32Array,
  probe: number[][],
): Promise<OnnxCheck> {
  const b = readFileSync(file);
  const bytes = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  const engine = await OnnxEngine.open([{ name: 'model.onnx', bytes }]);
  try {
    const logits = await engine.forward(nchw(test), test.n);
    const classes = test.numClasses;
    let top1Disagreements = 0;
    for (let i = 0; i < test.n; i++) {
      const row = (a: Float32Array) => a.subarray(i * classes, (i + 1) * classes);
      if (argmax(row(logits)) !== argmax(row(tfjsLogits))) top1Disagreements++;
    }
    return {
      metrics: metricsFromLogits(logits, test),
      runtime: `onnxruntime-web ${ort.env.versions.web} (wasm, Node)`,
      maxProbeLogitDiff: maxProbeDiff(logits, probe),
      maxLogitDiffVsTfjs: maxAbsDiff(logits, tfjsLogits),
      top1Disagreements,
    };
  } finally {
    await engine.dispose();
  }
}

// MobileNetV2 at 224x224 (Keras' shape, 5 classes, BatchNorm calibrated on a probe batch) in Node on
// wasm (1 thread): one evaluation of a batch against torchvision's mobilenet_v2 in PyTorch on the same
// machine (1 thread) with the same weights copied across (max |logit diff| printed), filters at 30% with
// thinning (MACs, params and latency before/after), and a label-free sensitivity sweep over the 52 conv
// tensors on a small batch (time and memory).
import * as tf from '@tensorflow/tfjs';
import { useCliBackend } from '../../src/cli/backend';
import { costReport } from '../../src/core/cost';
import { LayersEngine } from '../../src/core/engine/tfjs-layers/layers-engine';
import { analyzeChannels } from '../../src/core/graph';
import { kerasMobileNetV2Spec, mobileNetLike } from '../../src/core/graph/test-mobilenet';
import { EMPTY_PLAN } from '../../src/core/plan/plan';
import { computePlanMasks, createMaskCache } from '../../src/core/plan/plan-masks';
import { withMethodForAll } from '../../src/core/plan/prune-all';
import { runSweep } from '../../src/core/sensitivity';
import { thinModel } from '../../src/core/thinning';
import { calibrateBatchNorms } from './mobilenet-calibrate';
import { torchOnSameWeights } from './mobilenet-torch';

const BATCH = 8;
const SWEEP_BATCH = 4;
const SWEEP_LEVELS = [0.25, 0.5, 0.75];

async function forwardMs(model: tf.LayersModel, x: tf.Tensor): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    const y = model.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
    if (i > 0) times.push(performance.now() - t0); // the first run compiles and allocates
  }
  return times.sort((a, b) => a - b)[1];
}

export async function benchMobileNet(): Promise<void> {
  await useCliBackend('wasm');
  const model = mobileNetLike(kerasMobileNetV2Spec());
  const calibration = tf.randomUniform([2, 224, 224, 3], -1, 1, 'float32', 7);
  calibrateBatchNorms(model, calibration);
  calibration.dispose();
  const x = tf.randomUniform([BATCH, 224, 224, 3], -1, 1, 'float32', 1);
  const tfjs = await forwardMs(model, x);
  const torch = torchOnSameWeights(model, x);
  console.log(`evaluation, batch ${BATCH}: tf.js wasm ${tfjs.toFixed(0)} ms`);
  console.log(
    typeof torch === 'string'
      ? `  PyTorch ${torch}`
      : `  PyTorch ${torch.ms.toFixed(0)} ms (torchvision mobilenet_v2 with these weights, 1 thread): ` +
          `max |logit diff| ${torch.maxDiff.toExponential(2)} (logits up to ${torch.maxLogit.toFixed(1)}); tf.js / PyTorch = ${(tfjs / torch.ms).toFixed(2)}`,
  );

  const engine = new LayersEngine(model);
  const values = new Map(model.weights.map((w) => [w.originalName, w.read().dataSync().slice() as Float32Array]));
  const ctx = {
    tensors: engine.tensors,
    dense: (n: string) => values.get(n)!,
    graph: analyzeChannels(model),
    cache: createMaskCache(),
  };
  const filters = { kind: 'structured', group: 'filters', sparsity: 0.3, norm: 'l1' } as const;
  const { removedFilters } = computePlanMasks(withMethodForAll(EMPTY_PLAN, engine.tensors, filters), ctx);
  const thinned = await thinModel(model, removedFilters);
  const [a, b] = [await costReport(model), await costReport(thinned)];
  const thinMs = await forwardMs(thinned, x);
  console.log(
    `filters 30% + thinning: params ${model.countParams()} -> ${thinned.countParams()}, MACs ` +
      `${a.total.macsDense} -> ${b.total.macsDense} (${(b.total.macsDense / a.total.macsDense).toFixed(3)}x), ` +
      `batch ${BATCH} ${tfjs.toFixed(0)} ms -> ${thinMs.toFixed(0)} ms`,
  );
  thinned.dispose();
  x.dispose();

  const convs = engine.tensors.filter((t) => t.shape.length === 4).map((t) => t.name);
  const probe = tf.randomUniform([SWEEP_BATCH, 224, 224, 3], -1, 1, 'float32', 2);
  const base = tf.memory().numBytes;
  const t0 = performance.now();
  let rows: unknown[] = [];
  // tf.profile follows every tensor the sweep holds at once: peakBytes is its true high-water mark
  const profile = await tf.profile(async () => {
    rows = await runSweep(engine, { x: probe }, { tensors: convs, levels: SWEEP_LEVELS, mode: 'agreement' });
    return [] as tf.Tensor[];
  });
  const peakBytes = profile.peakBytes - base;
  const sweepS = (performance.now() - t0) / 1000;
  console.log(
    `label-free sweep: ${convs.length} conv tensors x ${SWEEP_LEVELS.length} levels on ${SWEEP_BATCH} images: ` +
      `${rows.length} rows in ${sweepS.toFixed(1)} s; tf.js tensor memory peak ${(peakBytes / 2 ** 20).toFixed(0)} MiB above the model and batch, ` +
      `process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );
  probe.dispose();
  engine.dispose();
}

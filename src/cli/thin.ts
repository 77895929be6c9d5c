import * as tf from '@tensorflow/tfjs';
import { costReport, measureLatency } from '../core/cost';
import { analyzeChannels } from '../core/graph';
import { ThinningError, thinModel, thinnedAgreement } from '../core/thinning';
import { optionalString, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { CliError } from './errors';
import { evalTensors, parseLimit } from './evaluation';
import { table } from './format';
import { loadCliData, loadCliModel, writeCliModel } from './io';
import type { CliOutput } from './output';
import { zeroRemovableFilters } from './removable-filters';

export const AGREEMENT_TOLERANCE = 1e-5;

/** Random inputs of the model's input shape, for when no dataset fits. */
function randomInputs(model: tf.LayersModel, n: number): tf.Tensor {
  const shape = model.inputs[0].shape.slice(1);
  if (shape.some((d) => d === null))
    throw new CliError(
      `the model input [${model.inputs[0].shape.join(', ')}] has unknown dimensions; cannot make test inputs`,
    );
  return tf.randomUniform([n, ...(shape as number[])], 0, 1, 'float32', 1);
}

export async function thinCommand(args: string[], io: CliOutput): Promise<void> {
  const v = parseOptions('thin', args, {
    model: { type: 'string' },
    out: { type: 'string' },
    data: { type: 'string' },
    limit: { type: 'string' },
  });
  const modelSpec = requireString(v, 'model', 'thin');
  const outDir = requireString(v, 'out', 'thin');
  const limit = parseLimit(v.limit as string | undefined);
  await useCliBackend(v.backend as string | undefined);
  const { model, scaling } = await loadCliModel(modelSpec);
  let thinned: tf.LayersModel | null = null;
  let x: tf.Tensor | null = null;
  try {
    const graph = analyzeChannels(model);
    const values = new Map<string, Float32Array>();
    for (const w of model.weights) values.set(w.originalName, Float32Array.from(await w.read().data()));
    const removed = zeroRemovableFilters(graph, values);
    const entries = Object.entries(removed);
    io.out(
      entries.length
        ? `Filters removed: ${entries.map(([l, f]) => `${l} ${f.length} of ${graph.producers.find((p) => p.layerName === l)!.outChannels}`).join(', ')}`
        : 'Filters removed: none (no filter is zero with zero readers)',
    );
    try {
      thinned = await thinModel(model, removed);
    } catch (e) {
      if (e instanceof ThinningError) throw new CliError(`cannot thin this model: ${e.message}`);
      throw e;
    }

    const data = await loadCliData(optionalString(v, 'data') ?? 'demo').catch((e: Error) => {
      io.err(`verifying on random inputs: ${e.message}`);
      return null;
    });
    const t = data ? evalTensors(model, data, scaling, limit) : null;
    if (t && 'reason' in t) io.err(`verifying on random inputs: the data does not fit the model: ${t.reason}`);
    if (t && 'x' in t) {
      x = t.x;
      t.y.dispose();
    } else x = randomInputs(model, limit ?? 256);
    const diff = await thinnedAgreement(model, thinned, x);
    io.out(
      `Verified on ${x.shape[0]} ${t && 'x' in t ? 'test examples' : 'random inputs'}: max |thinned - original| = ${diff.toExponential(2)}`,
    );
    if (!(diff <= AGREEMENT_TOLERANCE))
      throw new CliError(
        `the thinned model disagrees with the original by ${diff.toExponential(2)} (> ${AGREEMENT_TOLERANCE}); nothing written`,
      );

    const batch = tf.tidy(() => x!.slice(0, Math.min(256, x!.shape[0])));
    const [costBefore, costAfter] = [await costReport(model), await costReport(thinned)];
    const [latBefore, latAfter] = [
      await measureLatency(model, batch, { runs: 5, warmup: 1 }),
      await measureLatency(thinned, batch, { runs: 5, warmup: 1 }),
    ];
    batch.dispose();
    const ratio = (a: number, b: number) => (b === 0 ? '-' : `${(a / b).toFixed(2)}x`);
    io.out(
      table(
        ['', 'before', 'after', 'before/after'],
        [
          [
            'params (all weights)',
            model.countParams(),
            thinned.countParams(),
            ratio(model.countParams(), thinned.countParams()),
          ],
          [
            'MACs per example',
            costBefore.total.macsDense,
            costAfter.total.macsDense,
            ratio(costBefore.total.macsDense, costAfter.total.macsDense),
          ],
          [
            'MACs on non-zeros',
            costBefore.total.macsEffective,
            costAfter.total.macsEffective,
            ratio(costBefore.total.macsEffective, costAfter.total.macsEffective),
          ],
          [
            `latency, batch ${Math.min(256, x.shape[0])} (median ms)`,
            latBefore.medianMs,
            latAfter.medianMs,
            ratio(latBefore.medianMs, latAfter.medianMs),
          ],
        ],
      ),
    );
    const written = await writeCliModel(thinned, outDir);
    io.err(`wrote ${written} and weights.bin`);
  } finally {
    x?.dispose();
    thinned?.dispose();
    model.dispose();
  }
}

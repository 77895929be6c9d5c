// Thinning as a lab job: removes the pruned filters into a smaller model, checks it computes what
// the pruned one does, and measures both. Nothing of the loaded model changes.
import { costReport } from '../cost';
import { CancelledError } from '../eval/evaluate';
import { requireLayersModel } from '../engine/model-engine';
import { EngineCapabilityError } from '../engine/model-engine';
import { removedFiltersFromMasks, thinnedAgreement } from '../thinning';
import { engineAgreement, engineCost, engineLatency, engineProbeInputs } from './engine-measures';
import { latencyOn, probeInputs } from './inspect';
import type { LabContext } from './lab-context';
import { LabRefusal, outcomeOf, type JobOutcome } from './outcome';
import { zeroRemovableFilters } from './removable-filters';
import type { ThinReport, ThinRequest } from './types';

export const AGREEMENT_TOLERANCE = 1e-5;

export async function thinJob(
  lab: LabContext,
  request: ThinRequest,
  signal: AbortSignal,
): Promise<JobOutcome<ThinReport, null>> {
  return outcomeOf(
    async () => {
      const { engine, masked } = lab.current();
      if (!engine.capabilities.canThin) throw new EngineCapabilityError(`${engine.format} models cannot be thinned`);
      const graph = engine.channelGraph();
      if (!graph)
        throw new LabRefusal('the channel graph of this model cannot be analysed, so no filter can be removed');
      const values = new Map(masked.tensors.map((t) => [t.name, masked.maskedValues(t.name)] as const));
      let removed: Record<string, number[]>;
      if (request.from === 'zeros') removed = zeroRemovableFilters(graph, values, masked.tensors);
      else {
        const masks = new Map(
          masked.tensors.map((t) => [t.name, masked.getMask(t.name) ?? new Uint8Array(t.size).fill(1)]),
        );
        removed = removedFiltersFromMasks(graph, masks);
      }
      const counts = Object.fromEntries(
        Object.entries(removed)
          .filter(([, v]) => v.length > 0)
          .map(([k, v]) => [k, v.length]),
      );
      if (request.from !== 'zeros' && Object.keys(counts).length === 0)
        throw new LabRefusal(
          'no whole filter is pruned yet: choose Filters (or Channels) for a layer first — element sparsity ' +
            'cannot be thinned',
        );
      const filtersBefore = Object.fromEntries(
        Object.keys(counts).map((l) => [l, graph.producers.find((p) => p.layerName === l)!.outChannels]),
      );
      const data = lab.inputs();
      const thinnedEngine = await engine.thin(removed);
      let adopted = false;
      const layers = engine.layersModel;
      const count = data ? data.n : (lab.settings.limit ?? 256);
      const { x, fromData } = layers ? probeInputs(layers, data, count) : engineProbeInputs(engine, data, count);
      try {
        const thinned = layers ? requireLayersModel(thinnedEngine, 'thinning') : null;
        const maxDiff =
          layers && thinned
            ? await thinnedAgreement(layers, thinned, x)
            : await engineAgreement(engine, thinnedEngine, x);
        if (!(maxDiff <= AGREEMENT_TOLERANCE))
          throw new LabRefusal(
            `the thinned model disagrees with the pruned one (max |diff| = ${maxDiff.toExponential(2)} > ` +
              `${AGREEMENT_TOLERANCE}); not exported`,
          );
        if (signal.aborted) throw new CancelledError();
        const [before, after] =
          layers && thinned
            ? [await costReport(layers), await costReport(thinned)]
            : [await engineCost(engine), await engineCost(thinnedEngine)];
        const batch = x.slice(0, Math.min(256, x.shape[0]));
        let latency: ThinReport['latency'];
        try {
          const runs = request.latencyRuns ?? 10;
          const warmup = request.latencyWarmup ?? 2;
          latency =
            layers && thinned
              ? {
                  masked: await latencyOn(layers, batch, runs, warmup),
                  thinned: await latencyOn(thinned, batch, runs, warmup),
                }
              : {
                  masked: await engineLatency(engine, batch, runs, warmup),
                  thinned: await engineLatency(thinnedEngine, batch, runs, warmup),
                };
        } finally {
          batch.dispose();
        }
        const n = x.shape[0];
        const files = await thinnedEngine.exportFiles();
        if (request.adopt && thinned) {
          // the lab holds the thinned model from now on (its engine owns the layers model)
          await lab.adoptThinnedModel(thinned);
          adopted = true;
        }
        return {
          removed: counts,
          filtersBefore,
          paramsBefore: engine.params,
          paramsAfter: thinnedEngine.params,
          macsBefore: before.total.macsDense,
          macsAfter: after.total.macsDense,
          macsEffectiveBefore: before.total.macsEffective,
          macsEffectiveAfter: after.total.macsEffective,
          maxDiff,
          checkedOn: fromData ? `${n} evaluation images` : `${n} random inputs (no data fits this model)`,
          checked: { n, data: fromData },
          latency,
          files,
        };
      } finally {
        x.dispose();
        if (!adopted) thinnedEngine.dispose();
      }
    },
    () => null,
  );
}

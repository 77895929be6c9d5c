// Li et al. 2017 on the VGG-style demo, the full experiment as `prunelab li` runs it (wasm backend,
// the 10k test images, the 10k training subset, the default settings): the phases' wall times, the
// per-layer ratios and the dense -> thinned figures, with a check that no tensor leaked.
import * as tf from '@tensorflow/tfjs';
import { useCliBackend } from '../../src/cli/backend';
import { cliDataLoader, openCliLab } from '../../src/cli/io';
import type { LiPhase } from '../../src/core/lab/li-job';
import { LI_DEFAULTS, type LiSettings } from '../../src/core/schedule/li-settings';
import { liTable } from '../../src/core/schedule/li-table';

export async function benchLi(settings: Partial<LiSettings> = {}): Promise<void> {
  await useCliBackend('wasm');
  const before = tf.memory().numTensors;
  const { lab, scaling } = await openCliLab('demo:vgg');
  try {
    await lab.loadData(cliDataLoader('demo'));
    lab.setEvalSettings({ scaling, limit: null });
    const times: Partial<Record<LiPhase, number>> = {};
    let phase: LiPhase | null = null;
    let t0 = performance.now();
    const start = t0;
    const outcome = await lab.runLi({ ...LI_DEFAULTS, ...settings }, undefined, (e) => {
      if (e.type !== 'phase') return;
      const now = performance.now();
      if (phase) times[phase] = (now - t0) / 1000;
      phase = e.phase;
      t0 = now;
    });
    if (phase) times[phase as LiPhase] = (performance.now() - t0) / 1000;
    if (outcome.status !== 'done') throw new Error(`the Li experiment did not finish: ${outcome.status}`);
    console.log(liTable(outcome.result.report));
    console.log(
      `wall time ${((performance.now() - start) / 1000).toFixed(1)} s: ` +
        Object.entries(times)
          .map(([p, s]) => `${p} ${s.toFixed(1)} s`)
          .join(', '),
    );
  } finally {
    lab.dispose();
  }
  console.log(`tensors before ${before}, after ${tf.memory().numTensors}`);
}

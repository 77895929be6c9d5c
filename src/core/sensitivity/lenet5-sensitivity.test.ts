// The papers' qualitative finding (Han et al. 2015) on the demo LeNet-5: pruned alone to 90%, the
// fully-connected fc1 loses far less top-1 than either convolution. Full 10k test set, wasm.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { evalTensors } from '../../cli/evaluation';
import { loadCliData, loadCliModel, PUBLIC_DIR } from '../../cli/io';
import { useBackend } from '../test-backends';
import { runSweep } from './sweep';

const present = existsSync(path.join(PUBLIC_DIR, 'models', 'lenet5', 'model.json'));

describe('LeNet-5 element sensitivity [wasm]', () => {
  it.skipIf(!present)(
    'fc1 tolerates 90% sparsity far better than conv1 and conv2',
    async () => {
      await useBackend('wasm');
      const { model, scaling } = await loadCliModel('demo:lenet5');
      const data = await loadCliData('demo');
      const t = evalTensors(model, data, scaling);
      if ('reason' in t) throw new Error(t.reason);
      try {
        const rows = await runSweep(model, t, {
          tensors: ['conv1/kernel', 'conv2/kernel', 'fc1/kernel'],
          levels: [0, 0.9],
        });
        const top1 = (p: string, s: number) => rows.find((r) => r.parameter === p && r.sparsity === s)!.top1;
        const dense = top1('conv1/kernel', 0);
        expect(rows.every((r) => r.n === 10000)).toBe(true);
        expect(dense).toBeGreaterThan(80);
        const drop = (p: string) => dense - top1(p, 0.9);
        console.log(
          `LeNet-5 top1 drop at 0.9: conv1 ${drop('conv1/kernel').toFixed(2)}, conv2 ` +
            `${drop('conv2/kernel').toFixed(2)}, fc1 ${drop('fc1/kernel').toFixed(2)} pp`,
        );
        expect(drop('fc1/kernel')).toBeLessThan(drop('conv1/kernel') / 2);
        expect(drop('fc1/kernel')).toBeLessThan(drop('conv2/kernel') / 2);
      } finally {
        tf.dispose([t.x, t.y]);
        model.dispose();
      }
    },
    180_000,
  );
});

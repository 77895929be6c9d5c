import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { activationRankedFiltersToPrune } from '../pruning';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import { activationChannelStats, mergeChannelStats, type ChannelStats } from './activation-stats';

function model(): tf.LayersModel {
  // 1x1 conv with 2 filters, w = +1 and -1, no bias, ReLU fused: channel 0 = relu(x), channel 1 = relu(-x)
  const m = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [2, 2, 1],
        filters: 2,
        kernelSize: 1,
        activation: 'relu',
        useBias: false,
        name: 'c',
      }),
      tf.layers.flatten({ name: 'f' }),
      tf.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false, activation: 'relu', name: 'd' }),
    ],
  });
  const k = tf.tensor4d([1, -1], [1, 1, 1, 2]);
  m.getLayer('c').setWeights([k]);
  k.dispose();
  return m;
}

describeEachBackend('activation statistics for APoZ / mean ranking', () => {
  it('measures APoZ (percent of zeros) and mean per output channel', async () => {
    const m = model();
    await expectNoLeak(async () => {
      // sample 1: [1, -1, 2, 0], sample 2: [-3, 0, 1, 1]
      const x = tf.tensor4d([1, -1, 2, 0, -3, 0, 1, 1], [2, 2, 2, 1]);
      const stats = await activationChannelStats(m, ['c', 'd'], x);
      const c = stats.get('c');
      // relu(x): [1,0,2,0] [0,0,1,1] -> 4 zeros of 8, mean 5/8; relu(-x): [0,1,0,0] [3,0,0,0] -> 6 of 8, mean 4/8
      expect([...(c?.apoz ?? [])]).toEqual([50, 75].map((v) => expect.closeTo(v, 4)));
      expect([...(c?.mean ?? [])]).toEqual([0.625, 0.5].map((v) => expect.closeTo(v, 5)));
      expect(c?.samples).toBe(2);
      // dense: relu(sum of the 8 channel values) = relu(4), relu(6): no zeros
      expect([...(stats.get('d')?.apoz ?? [])]).toEqual([0]);
      expect(activationRankedFiltersToPrune(c?.apoz ?? [], 0.5)).toEqual([1]);

      const [a, b] = [x.slice([0], [1]), x.slice([1], [1])];
      const merged = mergeChannelStats(
        (await activationChannelStats(m, ['c'], a)).get('c') as ChannelStats,
        (await activationChannelStats(m, ['c'], b)).get('c') as ChannelStats,
      );
      expect([...merged.apoz]).toEqual([50, 75].map((v) => expect.closeTo(v, 4)));
      expect([...merged.mean]).toEqual([0.625, 0.5].map((v) => expect.closeTo(v, 5)));
      tf.dispose([x, a, b]);
    });
    m.dispose();
  });
});

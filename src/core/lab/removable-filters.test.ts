import { describe, expect, it } from 'vitest';
import { layersTensor } from '../engine/tfjs-layers/model-introspect';
import type { ChannelGraph, ProducerInfo } from '../graph';
import type { PrunableTensor } from '../types';
import { zeroRemovableFilters } from './removable-filters';

const producer = (name: string, shape: number[], consumers: ProducerInfo['consumers']): ProducerInfo => ({
  layerName: name,
  layerClass: 'Dense',
  kernelName: `${name}/kernel`,
  kernelShape: shape,
  outChannels: shape[1],
  consumers,
  batchNorms: [],
  batchNormSlices: [],
  coupledWith: [],
  coupledVia: [],
  prunable: true,
});

// a: dense 2 -> 3 (TF.js [in, out]); b reads a's 3 units and is stored [out=2, in=3]
const graph: ChannelGraph = {
  producers: [
    producer(
      'a',
      [2, 3],
      [{ layerName: 'b', kernelName: 'b/kernel', kernelShape: [3, 2], kind: 'dense-rows', offset: 0, inChannels: 3 }],
    ),
  ],
  groups: [],
};
const a = layersTensor({
  name: 'a/kernel',
  layerName: 'a',
  layerClass: 'Dense',
  shape: [2, 3],
  role: 'dense',
  feedsOutput: false,
});
const b: PrunableTensor = {
  ...a,
  name: 'b/kernel',
  layerName: 'b',
  shape: [2, 3],
  axes: { out: 0, in: 1, spatial: [] },
};

describe('zeroRemovableFilters', () => {
  it("finds a zero filter removable when the reader's input channel on its canonical axis is zero", () => {
    const aValues = new Float32Array([1, 0, 2, 3, 0, 4]); // unit 1 of a is zero
    // [out, in]: input 1 of b is zero (read as [in, out], row 1 would be [6, 7] and the filter stay)
    const bZero = new Float32Array([5, 0, 6, 7, 0, 8]);
    expect(
      zeroRemovableFilters(
        graph,
        new Map([
          ['a/kernel', aValues],
          ['b/kernel', bZero],
        ]),
        [a, b],
      ),
    ).toEqual({
      a: [1],
    });
    // input 1 of b still reads unit 1: removing it would change b's outputs
    const bLive = new Float32Array([5, 9, 6, 7, 9, 8]);
    expect(
      zeroRemovableFilters(
        graph,
        new Map([
          ['a/kernel', aValues],
          ['b/kernel', bLive],
        ]),
        [a, b],
      ),
    ).toEqual({});
  });
});

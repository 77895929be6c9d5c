import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../test-backends';
import { analyzeChannels } from './channel-graph';
import { StructureError } from './errors';
import {
  channelMasksFor,
  checkCoupling,
  consumerInputIndices,
  groupLeaderRanking,
  selectionForGroup,
  validateRemoval,
  zeroAlongAxis,
} from './propagate';
import { residualCnn, smallSequentialCnn } from './test-models';

const zeros = (m: Uint8Array) => m.reduce((a, v) => a + (v ? 0 : 1), 0);

describe('channelMasksFor', () => {
  beforeAll(() => useBackend('cpu'));

  it('zeroes the producer filters and the consumer input channels, never the bias', () => {
    const model = smallSequentialCnn();
    const graph = analyzeChannels(model);
    const masks = channelMasksFor(graph, { conv1: [1, 4], conv2: [0, 3, 7] });
    expect([...masks.keys()].sort()).toEqual(['conv1/kernel', 'conv2/kernel', 'fc1/kernel']);
    // conv1 kernel [3, 3, 2, 6]: element (y, x, c, f) at ((y * 3 + x) * 2 + c) * 6 + f
    const m1 = masks.get('conv1/kernel')!;
    expect(zeros(m1)).toBe(3 * 3 * 2 * 2);
    expect(m1[((1 * 3 + 2) * 2 + 1) * 6 + 4]).toBe(0);
    expect(m1[((1 * 3 + 2) * 2 + 1) * 6 + 5]).toBe(1);
    // conv2 kernel [3, 3, 6, 8]: filters {0, 3, 7} (3 of 8) and input channels {1, 4} (2 of 6)
    const m2 = masks.get('conv2/kernel')!;
    // per tap, of the 6x8 (in, out) pairs only the kept 4x5 block survives
    expect(zeros(m2)).toBe(9 * (6 * 8 - 4 * 5));
    expect(m2[(0 * 6 + 4) * 8 + 2]).toBe(0); // input channel 4
    expect(m2[(0 * 6 + 2) * 8 + 7]).toBe(0); // filter 7
    expect(m2[(0 * 6 + 2) * 8 + 2]).toBe(1);
    // fc1 kernel [128, 5]: rows (y * 4 + x) * 8 + c for c in {0, 3, 7}
    const m3 = masks.get('fc1/kernel')!;
    expect(zeros(m3)).toBe(16 * 3 * 5);
    const rowZero = (r: number) => [0, 1, 2, 3, 4].every((u) => m3[r * 5 + u] === 0);
    expect(rowZero(5 * 8 + 3)).toBe(true);
    expect(rowZero(15 * 8 + 7)).toBe(true);
    expect(rowZero(5 * 8 + 4)).toBe(false);
    model.dispose();
  });

  it('covers a coupled group once, with the consumer after the Add', () => {
    const model = residualCnn();
    const graph = analyzeChannels(model);
    const masks = channelMasksFor(graph, selectionForGroup(graph, 'conv2a', [0, 2]));
    expect([...masks.keys()].sort()).toEqual(['conv2a/kernel', 'conv2b/kernel', 'conv3/kernel']);
    expect(zeros(masks.get('conv2b/kernel')!)).toBe(1 * 1 * 4 * 2);
    expect(zeros(masks.get('conv3/kernel')!)).toBe(3 * 3 * 2 * 3);
    model.dispose();
  });

  it('maps channels to rows after a Flatten with offsets', () => {
    const c = {
      layerName: 'd',
      kernelName: 'd/kernel',
      kernelShape: [2 * 2 * 5, 3],
      kind: 'dense-rows' as const,
      offset: 2,
      inChannels: 5,
      spatial: { h: 2, w: 2 },
    };
    expect(consumerInputIndices(c, [0, 1])).toEqual([2, 3, 7, 8, 12, 13, 17, 18]);
    expect(consumerInputIndices({ ...c, kind: 'conv-in', spatial: undefined }, [0, 1])).toEqual([2, 3]);
  });

  it('zeroAlongAxis zeroes one slice of a middle axis', () => {
    const m = new Uint8Array(2 * 3 * 2).fill(1);
    zeroAlongAxis(m, [2, 3, 2], 1, [1]);
    expect([...m]).toEqual([1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1]);
  });
});

describe('validateRemoval and coupling', () => {
  beforeAll(() => useBackend('cpu'));

  it('refuses a partial selection of a coupled group, naming the layers and the Add', () => {
    const model = residualCnn();
    const graph = analyzeChannels(model);
    expect(() => checkCoupling(graph, { conv2a: [1] })).toThrow(StructureError);
    expect(() => checkCoupling(graph, { conv2a: [1] })).toThrow(
      /'conv2a', 'conv2b' feed the same 'join': prune them together/,
    );
    expect(() => checkCoupling(graph, { conv2a: [1], conv2b: [2] })).toThrow(
      /'conv2b' was given a different selection/,
    );
    expect(() => checkCoupling(graph, { conv2a: [1, 3], conv2b: [3, 1] })).not.toThrow();
    expect(() => channelMasksFor(graph, { conv2b: [0] })).toThrow(StructureError);
    model.dispose();
  });

  it('refuses unknown layers, the output layer, bad indices and emptying a layer', () => {
    const model = smallSequentialCnn();
    const graph = analyzeChannels(model);
    expect(() => validateRemoval(graph, { bn1: [0] })).toThrow(
      /'bn1' is not a Conv2D or Dense layer.*'conv1', 'conv2', 'fc1'/,
    );
    expect(() => validateRemoval(graph, { fc2: [0] })).toThrow(/Cannot remove filters of 'fc2'.*output layer/);
    expect(() => validateRemoval(graph, { conv1: [6] })).toThrow(
      /Filter index 6 of 'conv1' is out of range: the layer has 6 filters/,
    );
    expect(() => validateRemoval(graph, { conv1: [0.5] })).toThrow(/out of range/);
    expect(() => validateRemoval(graph, { conv1: [0, 1, 2, 3, 4, 5] })).toThrow(
      /Removing all 6 filters of 'conv1' would empty the layer/,
    );
    expect(validateRemoval(graph, { conv1: [4, 1, 4], conv2: [] })).toEqual({ conv1: [1, 4] });
    model.dispose();
  });

  it('ranks a coupled group by the sum of its members scores', () => {
    const model = residualCnn();
    const graph = analyzeChannels(model);
    const rankings = groupLeaderRanking(graph, { conv2a: [1, 0, 3, 0, 1], conv2b: [0, 2, 0, 0, 1], conv3: [5, 6, 7] });
    expect(rankings.map((r) => [r.leader, r.members, [...r.scores]])).toEqual([
      ['conv2a', ['conv2a', 'conv2b'], [1, 2, 3, 0, 2]],
      ['conv3', ['conv3'], [5, 6, 7]],
    ]);
    expect(() => groupLeaderRanking(graph, { conv2b: [0, 1, 2, 3, 4] })).toThrow(/scores are missing for 'conv2a'/);
    expect(selectionForGroup(graph, 'conv2b', [3])).toEqual({ conv2b: [3], conv2a: [3] });
    model.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeChannels } from '../graph/channel-graph';
import { channelMasksFor, zeroAlongAxis } from '../graph/propagate';
import { residualCnn, smallSequentialCnn } from '../graph/test-models';
import { useBackend } from '../test-backends';
import { removedFiltersFromMasks } from './removed-filters';

describe('removedFiltersFromMasks', () => {
  beforeAll(() => useBackend('cpu'));

  it('finds the filters whose kernel slice is entirely masked (not masked consumer rows)', () => {
    const model = smallSequentialCnn();
    const graph = analyzeChannels(model);
    const masks = channelMasksFor(graph, { conv1: [1, 4], conv2: [0, 3, 7] });
    expect(removedFiltersFromMasks(graph, masks)).toEqual({ conv1: [1, 4], conv2: [0, 3, 7] });
    // one surviving element keeps filter 4 alive
    masks.get('conv1/kernel')![4] = 1;
    expect(removedFiltersFromMasks(graph, masks)).toEqual({ conv1: [1], conv2: [0, 3, 7] });
    model.dispose();
  });

  it('takes the filters masked in every member of a coupled group, and never empties a layer', () => {
    const model = residualCnn();
    const graph = analyzeChannels(model);
    const a = new Uint8Array(3 * 3 * 4 * 5).fill(1);
    zeroAlongAxis(a, [3, 3, 4, 5], 3, [0, 2]);
    const b = new Uint8Array(1 * 1 * 4 * 5).fill(1);
    zeroAlongAxis(b, [1, 1, 4, 5], 3, [2]);
    const stem = new Uint8Array(3 * 3 * 2 * 4); // all zero
    const masks = new Map([
      ['conv2a/kernel', a],
      ['conv2b/kernel', b],
      ['stem/kernel', stem],
    ]);
    expect(removedFiltersFromMasks(graph, masks)).toEqual({ stem: [0, 1, 2], conv2a: [2], conv2b: [2] });
    model.dispose();
  });
});

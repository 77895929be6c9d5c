import { describe, expect, it } from 'vitest';
import { buildOutline } from './outline';
import { outlineRows, type OutlineRow } from './outline-rows';
import { mobilenetTensors } from './test-tensors';

const text = (rows: OutlineRow[]) =>
  rows.map((r) => (r.kind === 'group' ? `${r.open ? '-' : '+'}${r.group.id}(${r.members.length})` : `  ${r.name}`));

describe('outlineRows', () => {
  const outline = buildOutline(mobilenetTensors(2));

  it('shows folded blocks as one row and open ones with their members', () => {
    expect(text(outlineRows(outline, null, (g) => g.id === 'block_2'))).toEqual([
      '  Conv1/kernel',
      '+expanded_conv(2)',
      '+block_1(3)',
      '-block_2(3)',
      '  block_2_expand/kernel',
      '  block_2_depthwise/depthwise_kernel',
      '  block_2_project/kernel',
      '  Conv_1/kernel',
      '  Logits/kernel',
    ]);
  });

  it('keeps what a search matched and the blocks holding it', () => {
    const visible = new Set(['block_1_depthwise/depthwise_kernel', 'Logits/kernel']);
    expect(text(outlineRows(outline, visible, () => true))).toEqual([
      '-block_1(1)',
      '  block_1_depthwise/depthwise_kernel',
      '  Logits/kernel',
    ]);
  });
});

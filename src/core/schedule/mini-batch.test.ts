// Distiller's per-mini-batch policy args against hand-computed expectations: when masks are
// recomputed (PruningPolicy.on_minibatch_begin), and what one SGD step leaves in a masked kernel
// under mask_on_forward_only, mask_gradients and use_double_copies (ParameterMasker).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import { MaskedTrainer } from '../training/masked-trainer';
import type { BatchMasking } from '../training/trainer-types';
import { importDistillerYaml } from './distiller-yaml';
import { exportDistillerYaml } from './distiller-export';
import { epochMasking, forwardOnlyEnds, miniBatchPruneDue } from './mini-batch';
import { runSchedule } from './run-schedule';
import type { ScheduleRule } from './schedule';

describe('miniBatchPruneDue', () => {
  it('fires at minibatch_id > 0 whose global index is a multiple of the frequency', () => {
    // 4 mini-batches per epoch, frequency 2: global ids 2 and 6 (4 is minibatch_id 0 of epoch 1)
    const at = (epoch: number) => [0, 1, 2, 3].map((b) => miniBatchPruneDue(epoch, b, 4, 2));
    expect(at(0)).toEqual([false, false, true, false]);
    expect(at(1)).toEqual([false, false, true, false]);
    // 10 per epoch, frequency 16: global 16 is epoch 1, mini-batch 6; frequency 0 is off
    expect([5, 6, 7].map((b) => miniBatchPruneDue(1, b, 10, 16))).toEqual([false, true, false]);
    expect(miniBatchPruneDue(0, 2, 4, 0)).toBe(false);
  });
});

const rule = (miniBatch: ScheduleRule['miniBatch'], when: ScheduleRule['when']): ScheduleRule => ({
  name: 'r',
  pruner: { kind: 'level', levels: { '*': 0.5 } },
  tensors: ['d/kernel'],
  when,
  miniBatch,
});

describe('epochMasking and forwardOnlyEnds', () => {
  it('acts from the policy first to its last epoch; keep_mask decides what happens after', () => {
    const plan = [
      {
        rule: rule({ maskOnForwardOnly: true, useDoubleCopies: true }, { start: 1, end: 3, frequency: 1 }),
        tensors: ['a'],
      },
      { rule: rule({ maskOnForwardOnly: true, keepMask: true }, { epochs: [0] }), tensors: ['b'] },
    ];
    expect([...(epochMasking(plan, 0).forwardOnly ?? [])]).toEqual(['b']);
    expect([...(epochMasking(plan, 2).forwardOnly ?? [])]).toEqual(['a']);
    expect([...(epochMasking(plan, 2).doubleCopies ?? [])]).toEqual(['a']);
    expect([...(epochMasking(plan, 3).forwardOnly ?? [])]).toEqual([]);
    expect(forwardOnlyEnds(plan, 0)).toEqual({ keep: ['b'], release: [] });
    expect(forwardOnlyEnds(plan, 2)).toEqual({ keep: [], release: ['a'] });
  });
});

/**
 * One SGD step (lr 0.1) of a 2 -> 2 dense layer, x = [1, 2], label 0, kernel [[3, 0], [0, 0]] with
 * its [0][0] masked. The masked forward gives logits 0, p = [0.5, 0.5]; dL/dW = x^T (p - y) =
 * [[-0.5, 0.5], [-1, 1]], so W - 0.1 dL/dW = [[0.05, -0.05], [0.1, -0.1]] from the masked kernel.
 */
async function oneStep(masking: BatchMasking): Promise<number[]> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], name: 'd' })] });
  const x = tf.tensor2d([[1, 2]]);
  const y = tf.tensor1d([0], 'int32');
  tf.tidy(() => model.getLayer('d').setWeights([tf.tensor2d([3, 0, 0, 0], [2, 2]), tf.zeros([2])]));
  const trainer = new MaskedTrainer(model, { optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 1 });
  try {
    trainer.setMasks(new Map([['d/kernel', Uint8Array.from([0, 1, 1, 1])]]));
    await trainer.trainEpoch({ x, y }, 0, { masking });
    return [...(await model.getLayer('d').getWeights()[0].data())];
  } finally {
    trainer.dispose();
    model.dispose();
    tf.dispose([x, y]);
  }
}

describeEachBackend('per-mini-batch masking of one step', () => {
  const k = new Set(['d/kernel']);
  const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 6));

  it('default: masked before the forward pass and again after the step', async () => {
    close(await expectNoLeak(() => oneStep({})), [0, -0.05, 0.1, -0.1]);
  });
  it('mask_on_forward_only: the step moves the masked weight', async () => {
    close(await expectNoLeak(() => oneStep({ forwardOnly: k })), [0.05, -0.05, 0.1, -0.1]);
  });
  it('mask_on_forward_only + mask_gradients: its gradient is 0, so it stays at 0', async () => {
    close(await oneStep({ forwardOnly: k, maskGradients: k }), [0, -0.05, 0.1, -0.1]);
  });
  it('use_double_copies: the unmasked 3 is updated by the masked forward gradient', async () => {
    close(await expectNoLeak(() => oneStep({ forwardOnly: k, doubleCopies: k })), [3.05, -0.05, 0.1, -0.1]);
    // without mask_on_forward_only the step's result is masked again
    close(await oneStep({ doubleCopies: k }), [0, -0.05, 0.1, -0.1]);
  });
});

const SURGERY = `version: 1
pruners:
  p: {class: SparsityLevelParameterPruner, levels: {fc.weight: 0.5}}
policies:
  - pruner:
      instance_name: p
      args:
        keep_mask: True
        mini_batch_pruning_frequency: 1
        mask_on_forward_only: True
        use_double_copies: True
    starting_epoch: 0
    ending_epoch: 2
    frequency: 1
`;

describe('policy args from a Distiller YAML', () => {
  it('are read into the rule, exported back, and mask_gradients alone is refused on its line', () => {
    const { schedule } = importDistillerYaml(SURGERY, ['fc/kernel']);
    expect(schedule.rules[0].miniBatch).toEqual({
      pruningFrequency: 1,
      maskOnForwardOnly: true,
      useDoubleCopies: true,
      keepMask: true,
    });
    expect(importDistillerYaml(exportDistillerYaml(schedule), ['fc/kernel']).schedule).toEqual(schedule);
    const alone = SURGERY.replace('mask_on_forward_only: True', 'mask_gradients: True');
    expect(() => importDistillerYaml(alone, ['fc/kernel'])).toThrow(
      /line 5: mask_gradients needs mask_on_forward_only/,
    );
  });

  it('network surgery: weights kept under the mask come back as the mask is recomputed every mini-batch', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [6], name: 'fc' })] });
    tf.tidy(() => model.getLayer('fc').setWeights([tf.randomNormal([6, 4], 0, 1, 'float32', 11), tf.zeros([4])]));
    const data = tf.tidy(() => ({
      x: tf.randomNormal([32, 6], 0, 1, 'float32', 3),
      y: tf.tensor1d(
        Array.from({ length: 32 }, (_, i) => i % 4),
        'int32',
      ),
    }));
    const { schedule } = importDistillerYaml(SURGERY, ['fc/kernel']);
    const r = await runSchedule(model, data, data, schedule, {
      epochs: 2,
      optimizer: { kind: 'sgd', lr: 0.5 },
      batchSize: 4,
      checkpoints: 'all',
    });
    const first = r.checkpoints.find((c) => c.kind === 'prune')!.masks.get('fc/kernel')!;
    const last = r.masks.get('fc/kernel')!;
    // the level stays 50% of 24, but some pruned weights were revived by the unmasked updates
    expect(last.reduce((a, b) => a + b, 0)).toBe(12);
    expect([...last].some((b, i) => b === 1 && first[i] === 0)).toBe(true);
    // keep_mask: after the last epoch the weights are masked for good
    const w = await model.getLayer('fc').getWeights()[0].data();
    expect([...last].every((b, i) => b === 1 || w[i] === 0)).toBe(true);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});

describe('discard_masks_at_minibatch_end (DropFilter)', () => {
  it('a mask acts for one mini-batch: none is left after the epoch, and the unmasked weights trained on', async () => {
    const yaml = SURGERY.replace('keep_mask: True', 'discard_masks_at_minibatch_end: True').replace(
      'mini_batch_pruning_frequency: 1',
      'mini_batch_pruning_frequency: 2',
    );
    const { schedule } = importDistillerYaml(yaml, ['fc/kernel']);
    expect(schedule.rules[0].miniBatch).toMatchObject({ discardMasks: true, pruningFrequency: 2 });
    expect(importDistillerYaml(exportDistillerYaml(schedule), ['fc/kernel']).schedule).toEqual(schedule);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [6], name: 'fc' })] });
    tf.tidy(() => model.getLayer('fc').setWeights([tf.randomNormal([6, 4], 0, 1, 'float32', 11), tf.zeros([4])]));
    const data = tf.tidy(() => ({
      x: tf.randomNormal([16, 6], 0, 1, 'float32', 5),
      y: tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3], 'int32'),
    }));
    const r = await runSchedule(model, data, data, schedule, {
      epochs: 1,
      optimizer: { kind: 'sgd', lr: 0.1 },
      batchSize: 4,
      checkpoints: 'none',
    });
    // the prune event had 12 of 24 masked; after the epoch no mask is in force and no weight is 0
    expect(r.timeline.find((e) => e.kind === 'prune')?.sparsity['fc/kernel']).toBe(0.5);
    expect(r.masks.has('fc/kernel')).toBe(false);
    expect(r.final.sparsity['fc/kernel']).toBe(0);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});

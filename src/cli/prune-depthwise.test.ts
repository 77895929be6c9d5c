// prunelab prune --method depthwise: each depthwise kernel's channels ranked by its own norm, removed
// with the filters of the conv feeding it; thin then removes them all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mobileNetLike, smallMobileNetSpec } from '../core/graph/test-mobilenet';
import { smallSequentialCnn } from '../core/graph/test-models';
import { useCliBackend } from './backend';
import { writeCliModel } from './io';
import { runCli } from './main';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** One weight of a written model folder, by name. */
function writtenWeight(dir: string, name: string): { shape: number[]; values: Float32Array } {
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(path.join(dir, json.weightsManifest[0].paths[0]));
  let offset = 0;
  for (const w of json.weightsManifest.flatMap((g: { weights: [] }) => g.weights) as {
    name: string;
    shape: number[];
  }[]) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    if (w.name === name)
      return {
        shape: w.shape,
        values: new Float32Array(bin.buffer.slice(bin.byteOffset + offset, bin.byteOffset + offset + 4 * n)),
      };
    offset += 4 * n;
  }
  throw new Error(`${name} not written`);
}

let work: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'prunelab-dw-'));
  await useCliBackend('wasm');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('prune --method depthwise', () => {
  it('ranks each depthwise kernel by its channel norms and thins the expand filters with them', async () => {
    const model = mobileNetLike(smallMobileNetSpec());
    const [dir, pruned, thin] = ['mobilenet', 'pruned', 'thin'].map((d) => path.join(work, d));
    await writeCliModel(model, dir);
    model.dispose();
    const p = await cli('prune', '--model', dir, '--method', 'depthwise', '--sparsity', '0.25', '--out', pruned);
    expect(p.code, p.err).toBe(0);
    expect(p.err).toMatch(/not applicable, left dense: Conv1\/kernel, expanded_conv_expand\/kernel/);
    const t = await cli('thin', '--model', path.join(pruned, 'model.json'), '--out', thin);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(
      /Filters removed: expanded_conv_expand 6 of 24, block_1_expand 6 of 24, block_2_expand 9 of 36/,
    );
    expect(Number(/max \|thinned - original\| = (\S+)/.exec(t.out)![1])).toBeLessThanOrEqual(1e-5);
    // independent: the 9 channels of block_2_depthwise with the lowest L1 norm are the ones gone
    const dw = writtenWeight(dir, 'block_2_depthwise/depthwise_kernel');
    const sums = new Array(36).fill(0);
    dw.values.forEach((v, i) => (sums[i % 36] += Math.abs(v)));
    const gone = sums
      .map((s, j) => [s, j])
      .sort((a, b) => a[0] - b[0])
      .slice(0, 9)
      .map((e) => e[1]);
    const kept = writtenWeight(thin, 'block_2_depthwise/depthwise_kernel');
    expect(kept.shape).toEqual([3, 3, 27, 1]);
    expect([...kept.values]).toEqual([...dw.values].filter((_, i) => !gone.includes(i % 36)));
  });

  it('refuses a model without depthwise convs, naming the tensors it skipped', async () => {
    const model = smallSequentialCnn();
    const dir = path.join(work, 'plain');
    await writeCliModel(model, dir);
    model.dispose();
    const p = await cli('prune', '--model', dir, '--method', 'depthwise', '--sparsity', '0.25', '--out', dir + '-out');
    expect(p.code).not.toBe(0);
    expect(p.err).toMatch(/no tensor of this model can be pruned by this method \(conv1\/kernel, /);
  });
});

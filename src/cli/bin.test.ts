import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('node bin/prunelab.mjs --help exits 0 and prints the usage', () => {
  const r = spawnSync(process.execPath, ['bin/prunelab.mjs', '--help'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^prunelab — prune, measure and thin/);
  expect(r.stdout).toMatch(/prunelab prune --model M --method METHOD --out DIR/);
});

it('the bin opens an ONNX model and prints its sparsity table', () => {
  const model = 'src/core/engine/onnx/fixtures/mlp.onnx';
  const r = spawnSync(process.execPath, ['bin/prunelab.mjs', 'summary', '--model', model], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^fc1\.weight\s/m);
  expect(r.stdout).toMatch(/^Total sparsity:/m);
});

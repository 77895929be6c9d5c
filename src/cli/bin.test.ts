import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('node bin/prunelab.mjs --help exits 0 and prints the usage', () => {
  const r = spawnSync(process.execPath, ['bin/prunelab.mjs', '--help'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^prunelab — prune, measure and thin/);
  expect(r.stdout).toMatch(/prunelab prune --model M --method METHOD --out DIR/);
});

// Writes the bad-input corpus to e2e/fixtures/bad/: one folder per case and expected.json (the
// command line, exit code and message of each). Run: node --import tsx scripts/make-bad-corpus.ts
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './bad-corpus/cases';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../e2e/fixtures/bad');

rmSync(ROOT, { recursive: true, force: true });
for (const c of CASES) {
  const dir = path.join(ROOT, c.id);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(c.files)) writeFileSync(path.join(dir, name), content);
}
const expected = Object.fromEntries(
  CASES.map((c) => [c.id, { files: Object.keys(c.files), cli: c.cli, code: c.code, message: c.message, drop: c.drop }]),
);
writeFileSync(path.join(ROOT, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
console.log(`wrote ${CASES.length} cases to ${path.relative(process.cwd(), ROOT)}`);

// Every file of the bad-input corpus (e2e/fixtures/bad, written by scripts/make-bad-corpus.ts) in the
// command line: a refusal is one line 'prunelab: <message>' with exit code 2; the cases that must be
// accepted (NaN weights with a warning, formula-looking names escaped) exit 0.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCliBackend } from './backend';
import { runCli } from './main';

const ROOT = path.resolve('e2e/fixtures/bad');
interface Expected {
  files: string[];
  cli: string[];
  code: number;
  message: string;
}
const cases = JSON.parse(readFileSync(path.join(ROOT, 'expected.json'), 'utf8')) as Record<string, Expected>;

let work: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'prunelab-bad-'));
  await useCliBackend('wasm');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the bad-input corpus in the command line', () => {
  it('holds at least 40 cases', () => {
    expect(Object.keys(cases).length).toBeGreaterThanOrEqual(40);
  });

  it.each(Object.entries(cases))('%s', async (id, c) => {
    const argv = c.cli.map((a) => a.replace('{dir}', path.join(ROOT, id)).replace('{out}', path.join(work, id)));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    const message = new RegExp(c.message);
    if (c.code === 0) {
      expect(code, err.join('\n')).toBe(0);
      expect(out.join('\n') + '\n' + err.join('\n')).toMatch(message);
      return;
    }
    const last = err.at(-1) ?? '';
    expect(last).toMatch(/^prunelab: /);
    expect(last).not.toMatch(/\n/);
    expect(last, last).toMatch(message);
    expect(code, last).toBe(c.code);
  });
});

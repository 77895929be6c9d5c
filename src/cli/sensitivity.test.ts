import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDistillerCsv } from '../core/sensitivity';
import { PUBLIC_DIR } from './io';
import { sensitivityCommand } from './sensitivity';

const hasLenet300 = existsSync(path.join(PUBLIC_DIR, 'models', 'lenet300', 'model.json'));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('prunelab sensitivity', () => {
  it.skipIf(!hasLenet300)('writes a Distiller CSV with progress on stderr', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sens-')), 'sens.csv');
    const c = capture();
    await sensitivityCommand(
      ['--model', 'demo:lenet300', '--levels', '0,0.5', '--subset', '300', '--layers', 'fc1,fc3', '--out', file],
      c.io,
    );
    const curves = parseDistillerCsv(readFileSync(file, 'utf8'));
    expect(curves.map((x) => x.parameter)).toEqual(['fc1/kernel', 'fc3/kernel']);
    expect(curves[0].points.map((p) => p.sparsity)).toEqual([0, 0.5]);
    expect(curves[0].points[0].top1).toBe(curves[1].points[0].top1); // both dense at 0
    expect(c.err.some((l) => l.startsWith('fc1/kernel 0.50: top1'))).toBe(true);
    expect(c.out).toEqual([]);
    const nni = capture();
    await sensitivityCommand(
      [
        '--model',
        'demo:lenet300',
        '--levels',
        '0,0.5',
        '--subset',
        '100',
        '--layers',
        'fc2',
        '--format',
        'nni',
        '--mode',
        'agreement',
        '--metric',
        'agreement',
      ],
      nni.io,
    );
    expect(nni.out[0].split('\n')[0]).toBe('layer,0.00,0.50');
    expect(nni.out[0].split('\n')[1]).toMatch(/^fc2\/kernel,100\.00,\d+\.\d\d$/);
  });

  it('refuses bad options with exit code 2', async () => {
    const c = capture();
    await expect(
      sensitivityCommand(['--model', 'demo:lenet300', '--levels', '0.5:0.1:0.05'], c.io),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: '--levels: levels 0.5:0.1:0.05: start 0.5 is greater than stop 0.1',
    });
    await expect(sensitivityCommand(['--model', 'demo:lenet300', '--group', 'rows'], c.io)).rejects.toMatchObject({
      exitCode: 2,
    });
    await expect(sensitivityCommand(['--model', 'demo:lenet300', '--subset', '0'], c.io)).rejects.toThrow(
      '--subset must be a positive integer',
    );
  });
  it.skipIf(!hasLenet300)('says when no tensor fits the group', async () => {
    await expect(sensitivityCommand(['--model', 'demo:lenet300', '--group', 'filter'], capture().io)).rejects.toThrow(
      "no tensor that group 'filter' applies to",
    );
  });
});

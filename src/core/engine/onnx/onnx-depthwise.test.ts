// The ONNX MobileNet-style fixture (PyTorch export, depthwise Conv with group == C) through the lab:
// filters at 30% on every tensor prune each expand conv, and thinning agrees with the masked model.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabService } from '../../lab/lab-service';
import { EMPTY_PLAN } from '../../plan/plan';
import { withMethodForAll } from '../../plan/prune-all';
import { useBackend } from '../../test-backends';

const HERE = path.dirname(fileURLToPath(import.meta.url));

describe('ONNX MobileNet-style net: filters at 30%, then thinning', () => {
  beforeAll(() => useBackend('cpu'));

  it('prunes every expand conv; the thinned model agrees and costs fewer MACs', async () => {
    const lab = new LabService();
    const b = readFileSync(path.join(HERE, 'fixtures', 'mobilenet-bn.onnx'));
    const info = await lab.loadModel(
      [{ name: 'mobilenet-bn.onnx', bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer }],
      { source: 'files' },
    );
    const filters = { kind: 'structured', group: 'filters', sparsity: 0.3, norm: 'l1' } as const;
    const applied = await lab.applyPlan(withMethodForAll(EMPTY_PLAN, info.tensors, filters));
    expect(applied.status).toBe('done');
    const thin = await lab.thin({ latencyRuns: 1, latencyWarmup: 0 });
    expect(thin.status).toBe('done');
    if (thin.status !== 'done') return;
    const report = thin.result!;
    const expands = lab.channelGraph()!.producers.filter((p) => p.layerName.includes('/expand/'));
    expect(expands.length).toBeGreaterThan(0);
    for (const p of expands) expect(report.removed[p.layerName]).toBe(Math.floor(0.3 * p.outChannels));
    expect(report.maxDiff).toBeLessThanOrEqual(1e-5);
    expect(report.macsAfter).toBeLessThan(report.macsBefore);
    expect(info.couplings!.some((r) => r.depthwise.length > 0)).toBe(true);
    lab.dispose();
  });
});

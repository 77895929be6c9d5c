// The lab's names for ONNX weights: the PyTorch module path where the exporter lets us see it, so a
// Distiller schedule written for the PyTorch model matches; the initializer stays as `source`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDistillerYaml } from '../../schedule/distiller-yaml';
import { labNames } from './onnx-lab-layout';
import { OnnxModelEngine } from './onnx-model-engine';
import type { OnnxPrunableTensor } from './onnx-prunable';

const SCHEDULES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../schedule/fixtures');
const read = (p: string) => readFileSync(path.join(SCHEDULES, p));

const tensor = (name: string, alias?: string) => ({ name, ...(alias ? { alias } : {}) }) as OnnxPrunableTensor;

describe('ONNX tensor names', () => {
  it('state_dict keys stay; made-up names take the module path unless it would clash', () => {
    const names = labNames([
      tensor('stem.0.weight', 'stem.0.weight'),
      tensor('onnx::Conv_62', 'layer1.0.conv1.weight'),
      tensor('onnx::Conv_65', 'shared.weight'),
      tensor('onnx::Conv_68', 'shared.weight'), // two nodes in one scope: neither takes it
      tensor('onnx::Conv_71', 'fc.weight'),
      tensor('fc.weight'), // another initializer already holds the path
      tensor('onnx::MatMul_9'),
    ]);
    expect([...names.values()]).toEqual([
      'stem.0.weight',
      'layer1.0.conv1.weight',
      'onnx::Conv_65',
      'onnx::Conv_68',
      'onnx::Conv_71',
      'fc.weight',
      'onnx::MatMul_9',
    ]);
  });

  it("a BN-folded resnet20 export is named by module path and takes Distiller's resnet20 schedule", async () => {
    const bytes = read('resnet20-onnx/resnet20_cifar.onnx');
    const engine = await OnnxModelEngine.open([{ name: 'resnet20_cifar.onnx', bytes: bytes.slice().buffer }]);
    const conv = engine.tensors.find((t) => t.name === 'layer1.0.conv1.weight')!;
    expect(conv.source).toMatch(/^onnx::Conv_/);
    expect(conv.fileShape).toEqual([4, 4, 3, 3]); // [out, in, kh, kw] as the file holds it
    expect(conv.shape).toEqual([3, 3, 4, 4]);
    expect(engine.tensors.map((t) => t.name)).toContain('fc.weight');
    // the weights reached through the module path are the initializer's
    const w = await engine.readWeights('layer1.0.conv1.weight');
    expect(w.length).toBe(4 * 4 * 9);
    const yaml = read('distiller-examples/agp-pruning/resnet20_filters.schedule_agp.yaml').toString();
    const { schedule } = importDistillerYaml(
      yaml,
      engine.tensors.map((t) => t.name),
      'resnet20_filters.schedule_agp.yaml',
      { skipUnsupported: true },
    );
    const named = new Set(schedule.rules.flatMap((r) => (Array.isArray(r.tensors) ? r.tensors : [])));
    expect(named.size).toBeGreaterThan(0);
    for (const n of named) expect(engine.tensors.map((t) => t.name)).toContain(n);
    engine.dispose();
  });
});

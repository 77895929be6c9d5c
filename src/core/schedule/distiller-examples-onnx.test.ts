// Distiller's ResNet-20 example schedules on the ONNX export of resnet20_cifar (made by
// scripts/make_resnet20_onnx.py with Distiller's module names). An ONNX model cannot train, so the
// pruning policies act at their epochs with no fine-tuning (runMasksOnly). The engine names each
// weight by its initializer; the exporter folded BatchNorm and renamed the convolutions' weights,
// so the tensors are named here by their module path (the `alias` the ONNX reader derives from the
// node scope, e.g. layer1.0.conv1.weight).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../engine/onnx/onnx-model';
import { onnxPrunableTensors } from '../engine/onnx/onnx-prunable';
import { readFloat32 } from '../engine/onnx/onnx-tensor-data';
import { importDistillerYaml } from './distiller-yaml';
import { NO_FINE_TUNING_NOTE, runMasksOnly, type DenseTensor } from './masks-only-run';
import { ruleEpochs } from './schedule';

const FIXTURES = path.join(__dirname, 'fixtures');
const EXAMPLES = path.join(FIXTURES, 'distiller-examples');
const FILES = Object.keys(
  (JSON.parse(readFileSync(path.join(EXAMPLES, 'pyyaml-trees.json'), 'utf8')) as { trees: object }).trees,
);

function resnet20Tensors(): DenseTensor[] {
  const model = decodeModel(new Uint8Array(readFileSync(path.join(FIXTURES, 'resnet20-onnx', 'resnet20_cifar.onnx'))));
  const inits = new Map(model.graph!.initializer.map((t) => [t.name, t]));
  return onnxPrunableTensors(model).map((t) => ({
    name: t.alias ?? t.name,
    layout: { shape: t.shape, axes: t.axes },
    values: readFloat32(inits.get(t.name)!),
  }));
}

describe("Distiller's ResNet-20 schedules on an ONNX resnet20_cifar", () => {
  const tensors = resnet20Tensors();

  it('names its 22 weights by module path', () => {
    expect(tensors).toHaveLength(22);
    expect(tensors.map((t) => t.name)).toContain('layer1.0.conv1.weight');
    expect(tensors.map((t) => t.name)).toContain('layer2.0.downsample.0.weight');
    expect(tensors.map((t) => t.name)).toContain('fc.weight');
  });

  it('every example runs, or names another network; every resnet20 one runs', async () => {
    const ran: string[] = [];
    const refused: string[] = [];
    for (const file of FILES) {
      const text = readFileSync(path.join(EXAMPLES, file), 'utf8');
      let schedule;
      try {
        schedule = importDistillerYaml(
          text,
          tensors.map((t) => t.name),
          file,
          { skipUnsupported: true },
        ).schedule;
      } catch (e) {
        expect((e as Error).message, file).toMatch(/is not a prunable tensor of this model/);
        continue;
      }
      const last = Math.max(0, ...schedule.rules.flatMap((r) => ruleEpochs(r)));
      try {
        const result = await runMasksOnly(tensors, schedule, { epochs: last + 1 });
        expect(result.notes[0]).toBe(NO_FINE_TUNING_NOTE);
        if (schedule.rules.length > 0) expect(result.steps.at(-1)!.totalSparsity, file).toBeGreaterThan(0);
        ran.push(file);
      } catch (e) {
        // activation- and gradient-ranked pruners need a model that trains
        expect((e as Error).message, file).toMatch(/needs a model that can train/);
        refused.push(file);
      }
    }
    console.log(`ONNX resnet20_cifar: ${ran.length} ran (${ran.join(', ')}); needing training: ${refused.join(', ')}`);
    for (const f of FILES.filter((x) => /resnet20/.test(x))) expect(ran, f).toContain(f);
  });

  it('the filter AGP schedule reaches its final filter sparsity on the layers it names', async () => {
    const file = 'agp-pruning/resnet20_filters.schedule_agp.yaml';
    const names = tensors.map((t) => t.name);
    const text = readFileSync(path.join(EXAMPLES, file), 'utf8');
    const { schedule } = importDistillerYaml(text, names, file, { skipUnsupported: true });
    const last = Math.max(...schedule.rules.flatMap((r) => ruleEpochs(r)));
    const { masks } = await runMasksOnly(tensors, schedule, { epochs: last + 1 });
    const t = tensors.find((x) => x.name === 'layer2.0.conv1.weight')!;
    const mask = masks.get(t.name)!;
    // PyTorch layout [out, in, kh, kw]: filter j is the contiguous block j
    const per = mask.length / t.layout.shape[0];
    const deadFilters = Array.from({ length: t.layout.shape[0] }, (_, j) =>
      mask.subarray(j * per, (j + 1) * per).every((v) => v === 0),
    ).filter(Boolean).length;
    // low_pruner: L1 filters, AGP 0.10 -> 0.50 over epochs 0..28: 4 of the 8 filters
    expect(deadFilters).toBe(4);
  });
});

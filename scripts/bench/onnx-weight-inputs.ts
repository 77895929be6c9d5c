// Cost of feeding the prunable weights as graph inputs (one session, new weights per run) against a
// session whose weights are constant initializers (folded and pre-packed by onnxruntime).
import { readFileSync } from 'node:fs';
import { checkModel } from '../../src/core/engine/onnx/onnx-checks';
import { decodeModel } from '../../src/core/engine/onnx/onnx-model';
import { onnxPrunableTensors } from '../../src/core/engine/onnx/onnx-prunable';
import { OnnxWeightSession } from '../../src/core/engine/onnx/onnx-session';
import { readFloat32 } from '../../src/core/engine/onnx/onnx-tensor-data';
import { weightsAsInputs } from '../../src/core/engine/onnx/weights-as-inputs';

const FIXTURES = 'src/core/engine/onnx/fixtures';

async function median(run: () => Promise<unknown>, repeats: number): Promise<number> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

const FIXTURE_FILES = ['resnet-bn.onnx', 'resnet.onnx', 'mobilenet-bn.onnx', 'mlp.onnx'].map((f) => `${FIXTURES}/${f}`);

export async function benchOnnxWeightInputs(batch = 1000, repeats = 5, files = FIXTURE_FILES): Promise<void> {
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    const model = decodeModel(bytes, file);
    const input = checkModel(model, file);
    const tensors = onnxPrunableTensors(model);
    const inits = new Map(model.graph!.initializer.map((t) => [t.name, t]));
    const weights = tensors.map((t) => ({ name: t.name, dims: t.shape, values: readFloat32(inits.get(t.name)!) }));
    const fed = await OnnxWeightSession.create(
      weightsAsInputs(
        model,
        tensors.map((t) => t.name),
      ),
      input,
      weights,
    );
    const constant = await OnnxWeightSession.create(bytes, input, []);
    const perImage = input.shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
    const x = Float32Array.from({ length: batch * perImage }, (_, i) => Math.sin(i));
    const tConst = await median(() => constant.run(x, batch), repeats);
    const tFed = await median(async () => {
      for (const w of weights) fed.setWeights(w.name, w.values); // a new tensor per weight, as after a mask change
      return fed.run(x, batch);
    }, repeats);
    console.log(
      `${file}: batch ${batch}, constant weights ${tConst.toFixed(1)} ms, weights as inputs ` +
        `${tFed.toFixed(1)} ms, ratio ${(tFed / tConst).toFixed(2)}`,
    );
    await Promise.all([fed.release(), constant.release()]);
  }
}

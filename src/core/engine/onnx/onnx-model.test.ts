import { describe, expect, it } from 'vitest';
import { onnxPrunableTensors } from './onnx-prunable';
import { checkModel, dataInputs } from './onnx-checks';
import { OnnxModelError } from './onnx-errors';
import { createMessage, decodeModel, encodeModel, int64, type ModelProto } from './onnx-model';
import { externalDataFiles, inlineExternalData, readFloat32 } from './onnx-tensor-data';
import { unknownFieldCount } from './onnx-unknown-fields';
import { fixtureBytes } from './test-fixtures';

describe('ModelProto read and write', () => {
  it('re-encodes a PyTorch export byte for byte', () => {
    for (const name of ['resnet.onnx', 'resnet-bn.onnx', 'mobilenet-bn.onnx', 'mlp.onnx']) {
      const bytes = fixtureBytes(name);
      expect(Buffer.from(encodeModel(decodeModel(bytes, name))).equals(Buffer.from(bytes)), name).toBe(true);
    }
  });

  it('keeps fields its schema does not name', () => {
    const model = decodeModel(fixtureBytes('mlp.onnx'));
    // a ModelProto with training_info (field 20) and a NodeProto with an unknown field 99
    const extra = createMessage<ModelProto>('ModelProto', { irVersion: 7, graph: model.graph });
    const bytes = encodeModel(extra);
    const withUnknown = new Uint8Array([...bytes, 0xa2, 0x01, 0x03, 0x0a, 0x01, 0x78, 0x98, 0x06, 0x2a]);
    const decoded = decodeModel(withUnknown);
    expect(unknownFieldCount(decoded)).toBe(2);
    expect([...encodeModel(decoded).slice(-9)]).toEqual([0xa2, 0x01, 0x03, 0x0a, 0x01, 0x78, 0x98, 0x06, 0x2a]);
  });

  it('reads float weights and the graph input', () => {
    const model = decodeModel(fixtureBytes('resnet-bn.onnx'));
    const w = model.graph!.initializer.find((t) => t.name === 'conv1.weight')!;
    expect(w.dims.map(int64)).toEqual([8, 1, 3, 3]);
    expect(readFloat32(w).length).toBe(72);
    expect(dataInputs(model).map((v) => v.name)).toEqual(['input']);
    expect(checkModel(model)).toEqual({ name: 'input', shape: [null, 1, 28, 28] });
  });
});

describe('bad ONNX input is refused by name', () => {
  it('a truncated file', () => {
    const bytes = fixtureBytes('resnet.onnx');
    expect(() => decodeModel(bytes.slice(0, 5000), 'resnet.onnx')).toThrow(/resnet.onnx is truncated/);
    expect(() => decodeModel(new TextEncoder().encode('<!DOCTYPE html>'), 'x.onnx')).toThrow(OnnxModelError);
  });

  it('external data: read when given, named when missing or short', () => {
    const model = decodeModel(fixtureBytes('mlp-external.onnx'));
    expect(externalDataFiles(model)).toEqual(['mlp-external.data']);
    expect(() => inlineExternalData(model, new Map())).toThrow(/'mlp-external.data', which was not given/);
    const data = fixtureBytes('mlp-external.data');
    expect(() => inlineExternalData(model, new Map([['mlp-external.data', data.slice(0, 100)]]))).toThrow(
      /'mlp-external.data' is truncated/,
    );
    inlineExternalData(model, new Map([['mlp-external.data', data]]));
    const inline = decodeModel(fixtureBytes('mlp.onnx'));
    for (const name of ['fc1.weight', 'fc2.weight'])
      expect(readFloat32(model.graph!.initializer.find((t) => t.name === name)!)).toEqual(
        readFloat32(inline.graph!.initializer.find((t) => t.name === name)!),
      );
  });

  it('an unsupported opset, several inputs, dynamic spatial sizes, float16 weights', () => {
    const model = decodeModel(fixtureBytes('mlp.onnx'));
    model.opsetImport[0].version = 99;
    expect(() => checkModel(model, 'm.onnx')).toThrow(/m.onnx uses ONNX opset 99; onnxruntime-web runs opsets 7 to/);
    expect(() => checkModel(decodeModel(fixtureBytes('two-inputs.onnx')))).toThrow(/2 input\(s\) \('a', 'b'\)/);
    expect(() => checkModel(decodeModel(fixtureBytes('mlp-dynamic-spatial.onnx')))).toThrow(
      /dynamic size\(s\) 'h' \(axis 2\), 'w' \(axis 3\)/,
    );
    const fp16 = decodeModel(fixtureBytes('fp16.onnx'));
    expect(() => readFloat32(fp16.graph!.initializer[0])).toThrow(/Weight 'w' is float16; the lab prunes float32/);
    expect(() => onnxPrunableTensors(fp16)).toThrow(/Weight 'w' of 'y' \(Gemm\) is float16; the lab prunes float32/);
    expect(() => onnxPrunableTensors(decodeModel(fixtureBytes('int8-qdq.onnx')))).toThrow(
      /Weight 'w_q' of 'fc' \(Gemm\) is int8, quantized \(it reaches the node through DequantizeLinear\)/,
    );
  });
});

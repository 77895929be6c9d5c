// The part of ONNX's message schema (onnx/onnx.proto, proto2, IR version 10) that the lab reads and
// edits, as a protobufjs JSON descriptor: field numbers and types only, the codec is protobufjs'.
// Messages and fields left out here (training info, functions, sparse initializers, sequence and
// map types, ...) are kept byte for byte as unknown fields on re-save (see onnx-unknown-fields.ts).
// proto2 repeated scalars are unpacked unless onnx.proto says `packed = true`.
import type { INamespace } from 'protobufjs/light.js';

const unpacked = { options: { packed: false } };
const entry = { type: 'StringStringEntryProto', rule: 'repeated' };

export const onnxSchema: INamespace = {
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            opsetImport: { type: 'OperatorSetIdProto', rule: 'repeated', id: 8 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            metadataProps: { ...entry, id: 14 },
          },
        },
        GraphProto: {
          fields: {
            node: { type: 'NodeProto', rule: 'repeated', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { type: 'TensorProto', rule: 'repeated', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { type: 'ValueInfoProto', rule: 'repeated', id: 11 },
            output: { type: 'ValueInfoProto', rule: 'repeated', id: 12 },
            valueInfo: { type: 'ValueInfoProto', rule: 'repeated', id: 13 },
            metadataProps: { ...entry, id: 16 },
          },
        },
        NodeProto: {
          fields: {
            input: { type: 'string', rule: 'repeated', id: 1 },
            output: { type: 'string', rule: 'repeated', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            domain: { type: 'string', id: 7 },
            overload: { type: 'string', id: 8 },
            attribute: { type: 'AttributeProto', rule: 'repeated', id: 5 },
            docString: { type: 'string', id: 6 },
            metadataProps: { ...entry, id: 9 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            refAttrName: { type: 'string', id: 21 },
            docString: { type: 'string', id: 13 },
            type: { type: 'int32', id: 20 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            g: { type: 'GraphProto', id: 6 },
            floats: { type: 'float', rule: 'repeated', id: 7, ...unpacked },
            ints: { type: 'int64', rule: 'repeated', id: 8, ...unpacked },
            strings: { type: 'bytes', rule: 'repeated', id: 9 },
            tensors: { type: 'TensorProto', rule: 'repeated', id: 10 },
            graphs: { type: 'GraphProto', rule: 'repeated', id: 11 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
            metadataProps: { ...entry, id: 4 },
          },
        },
        TypeProto: {
          fields: { tensorType: { type: 'TypeProtoTensor', id: 1 }, denotation: { type: 'string', id: 6 } },
        },
        TypeProtoTensor: {
          fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } },
        },
        TensorShapeProto: { fields: { dim: { type: 'Dimension', rule: 'repeated', id: 1 } } },
        Dimension: {
          fields: {
            dimValue: { type: 'int64', id: 1 },
            dimParam: { type: 'string', id: 2 },
            denotation: { type: 'string', id: 3 },
          },
        },
        TensorProto: {
          fields: {
            dims: { type: 'int64', rule: 'repeated', id: 1, ...unpacked },
            dataType: { type: 'int32', id: 2 },
            floatData: { type: 'float', rule: 'repeated', id: 4 },
            int32Data: { type: 'int32', rule: 'repeated', id: 5 },
            stringData: { type: 'bytes', rule: 'repeated', id: 6 },
            int64Data: { type: 'int64', rule: 'repeated', id: 7 },
            name: { type: 'string', id: 8 },
            docString: { type: 'string', id: 12 },
            rawData: { type: 'bytes', id: 9 },
            externalData: { ...entry, id: 13 },
            dataLocation: { type: 'int32', id: 14 },
            doubleData: { type: 'double', rule: 'repeated', id: 10 },
            uint64Data: { type: 'uint64', rule: 'repeated', id: 11 },
            metadataProps: { ...entry, id: 16 },
          },
        },
      },
    },
  },
};

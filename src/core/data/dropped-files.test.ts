import { describe, expect, it } from 'vitest';
import { classifyDrop, isTrainingIdxPair } from './dropped-files';

describe('classifyDrop', () => {
  it('a model.json with shards is a model', () => {
    expect(classifyDrop(['model.json', 'group1-shard1of1.bin'])).toEqual({ kind: 'model' });
  });
  it('an .onnx (with its external data), a Keras .h5 or .keras is a model', () => {
    expect(classifyDrop(['resnet.onnx', 'resnet.data'])).toEqual({ kind: 'model' });
    expect(classifyDrop(['cnn.h5'])).toEqual({ kind: 'model' });
    expect(classifyDrop(['cnn.keras'])).toEqual({ kind: 'model' });
  });
  it('idx pairs, plain or gzipped, are data', () => {
    expect(classifyDrop(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'])).toEqual({ kind: 'data' });
    expect(classifyDrop(['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'])).toEqual({ kind: 'data' });
  });
  it('shards without model.json and foreign files are refused with the reason', () => {
    const bins = classifyDrop(['weights.bin']);
    expect(bins.kind).toBe('unknown');
    expect(bins.kind === 'unknown' && bins.reason).toMatch(/drop model\.json together/);
    const txt = classifyDrop(['notes.txt']);
    expect(txt.kind === 'unknown' && txt.reason).toMatch(/notes\.txt: PruneLab opens TF\.js layers models/);
    expect(classifyDrop([]).kind).toBe('unknown');
  });
});

describe('isTrainingIdxPair', () => {
  it('takes the training idx pair (plain, gzipped, inside a folder) as a training set', () => {
    expect(isTrainingIdxPair(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'])).toBe(true);
    expect(isTrainingIdxPair(['fm/train-labels-idx1-ubyte', 'fm/train-images-idx3-ubyte'])).toBe(true);
  });
  it('leaves the test pair, a single file and other formats to the test set', () => {
    expect(isTrainingIdxPair(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'])).toBe(false);
    expect(isTrainingIdxPair(['train-images-idx3-ubyte.gz'])).toBe(false);
    expect(isTrainingIdxPair(['train.csv', 'train-labels-idx1-ubyte.gz'])).toBe(false);
  });
});

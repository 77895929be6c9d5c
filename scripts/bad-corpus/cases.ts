// The bad-input corpus: each case is a few small files, the command line that reads them, and the
// one-line message (a regular expression) it must end with. The page drops the same files.
import { readFileSync } from 'node:fs';
import { cifarRecords, dense, idx, layersModel, npy, shard, zipClaiming, zipOf, type Files } from './build';

export interface BadCase {
  id: string;
  files: Files;
  /** prunelab arguments; {dir} is the case's folder, {out} a fresh output folder */
  cli: string[];
  /** exit code and what stderr says (stdout for code 0) */
  code: number;
  message: string;
  /** dropped in the page as a model or as data (omitted: checked in the command line only) */
  drop?: 'model' | 'data';
}

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../../src/core/engine/${p}`, import.meta.url)));
const summary = (file = 'model.json') => ['summary', '--model', `{dir}/${file}`];
const evalOn = (data = '{dir}') => ['eval', '--model', 'demo:lenet300', '--data', data, '--limit', '8'];
const schedule = [
  'schedule',
  '--model',
  'demo:lenet300',
  '--schedule',
  '{dir}/s.yaml',
  '--epochs',
  '1',
  '--out',
  '{out}',
];
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const agp = (weights: string) =>
  `version: 1\npruners:\n  p:\n    class: AutomatedGradualPruner\n    initial_sparsity: 0.05\n    final_sparsity: 0.5\n    weights: ${weights}\npolicies:\n  - pruner:\n      instance_name: p\n    starting_epoch: 0\n    ending_epoch: 2\n    frequency: 1\n`;

const model = (id: string, files: Files, message: string, code = 2): BadCase => ({
  id,
  files,
  cli: summary(),
  code,
  message,
  drop: 'model',
});
const data = (id: string, files: Files, message: string, file?: string): BadCase => ({
  id,
  files,
  cli: evalOn(file ? `{dir}/${file}` : '{dir}'),
  code: 2,
  message,
  drop: 'data',
});

export const CASES: BadCase[] = [
  model('empty-model-json', { ...layersModel(), 'model.json': '' }, 'model\\.json is not valid JSON'),
  model('not-json', { ...layersModel(), 'model.json': '\u0000\u0001PK binary' }, 'model\\.json is not valid JSON'),
  model(
    'json-array',
    { ...layersModel(), 'model.json': '[1, 2]' },
    'model\\.json must hold a JSON object, not an array',
  ),
  model(
    'deeply-nested-json',
    layersModel({ layersText: nested(10_000) }),
    'model\\.json: the model topology nests deeper than 64 levels',
  ),
  model(
    'no-manifest',
    layersModel({ json: (j) => ({ ...j, weightsManifest: 5 }) }),
    'model\\.json has no weightsManifest',
  ),
  model(
    'truncated-shard',
    layersModel({ bytes: 44 }),
    'weight file weights\\.bin has 44 bytes; model\\.json expects 60 bytes for 2 tensors',
  ),
  model(
    'oversized-shard',
    layersModel({ bytes: 64 }),
    'weight file weights\\.bin has 64 bytes; model\\.json expects 60 bytes for 2 tensors',
  ),
  model(
    'missing-shard',
    layersModel({ paths: ['weights.bin', 'weights2.bin'] }),
    'missing file .*weights2\\.bin \\(named in the weightsManifest',
  ),
  model(
    'shard-outside-folder',
    layersModel({ paths: ['../../../../etc/passwd'] }),
    'the weightsManifest names "\\.\\./\\.\\./\\.\\./\\.\\./etc/passwd", outside the model\'s folder',
  ),
  model(
    'dtype-lie-float16',
    layersModel({
      weights: [
        { name: 'fc/kernel', shape: [4, 3], dtype: 'float16' },
        { name: 'fc/bias', shape: [3], dtype: 'float32' },
      ],
    }),
    'model\\.json expects 36 bytes',
  ),
  model(
    'dtype-unknown',
    layersModel({
      weights: [
        { name: 'fc/kernel', shape: [4, 3], dtype: 'float64' },
        { name: 'fc/bias', shape: [3], dtype: 'float32' },
      ],
    }),
    'weight fc/kernel has dtype "float64", which PruneLab cannot read',
  ),
  model(
    'shape-lie',
    layersModel({
      weights: [
        { name: 'fc/kernel', shape: [3, 4], dtype: 'float32' },
        { name: 'fc/bias', shape: [3], dtype: 'float32' },
      ],
    }),
    'TF\\.js could not build the model from model\\.json: .*[Ss]hape',
  ),
  model(
    'shape-negative',
    layersModel({
      weights: [
        { name: 'fc/kernel', shape: [-4, -3], dtype: 'float32' },
        { name: 'fc/bias', shape: [3], dtype: 'float32' },
      ],
    }),
    'weight "fc/kernel" has shape \\[-4,-3\\]; a shape lists non-negative integers',
  ),
  model(
    'shape-2gb-claim',
    layersModel({
      weights: [
        { name: 'fc/kernel', shape: [65536, 8192], dtype: 'float32' },
        { name: 'fc/bias', shape: [3], dtype: 'float32' },
      ],
    }),
    // refused on the declared size against the default 1 GiB budget, before the shard is read
    "model\\.json: its weights need 2 GiB as float32, more than this device's memory budget of 1 GiB; nothing was loaded",
  ),
  {
    id: 'over-memory-budget',
    files: layersModel({
      weights: [
        { name: 'fc/kernel', shape: [1024, 300], dtype: 'float32' },
        { name: 'fc/bias', shape: [3], dtype: 'float32' },
      ],
    }),
    cli: [...summary(), '--memory-budget', '1'],
    code: 2,
    message: "model\\.json: its weights need 1\\.17 MiB as float32, more than this device's memory budget of 1 MiB",
  },
  {
    id: 'memory-budget-not-a-number',
    files: layersModel(),
    cli: [...summary(), '--memory-budget', '1.5GB'],
    code: 2,
    message: "--memory-budget must be a whole number of MiB from 1 to 65536; got '1\\.5GB'",
  },
  model(
    'duplicate-tensor-names',
    layersModel({
      weights: [
        { name: 'fc/kernel', shape: [4, 3], dtype: 'float32' },
        { name: 'fc/kernel', shape: [3], dtype: 'float32' },
      ],
    }),
    'weight "fc/kernel" is listed twice in weightsManifest',
  ),
  model(
    'wrong-weight-names',
    layersModel({
      weights: [
        { name: 'other/kernel', shape: [4, 3], dtype: 'float32' },
        { name: 'other/bias', shape: [3], dtype: 'float32' },
      ],
    }),
    'TF\\.js could not build the model from model\\.json: ',
  ),
  model(
    'lambda-layer',
    layersModel({
      layers: [
        dense('fc', 3, { batch_input_shape: [null, 4] }),
        {
          class_name: 'Lambda',
          config: { name: 'evil', function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda' },
        },
      ],
    }),
    "layer 'evil' is a Lambda layer, which holds Python code; PruneLab reads model files as data only",
  ),
  model(
    'unknown-layer-class',
    layersModel({
      layers: [{ class_name: 'MyCustomLayer', config: { name: 'c', batch_input_shape: [null, 4] } }],
      weights: [],
      bytes: 0,
    }),
    'TF\\.js could not build the model from model\\.json: Unknown layer: MyCustomLayer',
  ),
  model(
    'no-prunable-tensors',
    layersModel({
      layers: [{ class_name: 'Activation', config: { name: 'act', activation: 'relu', batch_input_shape: [null, 4] } }],
      weights: [],
      bytes: 0,
    }),
    'model\\.json has no prunable tensors',
  ),
  model(
    'nan-weights',
    layersModel({ values: [NaN, 0.5, -0.25] }),
    "note: fc/kernel holds 4 NaN and 0 infinite values \\(of 12\\): the model's outputs may be NaN or infinite",
    0,
  ),
  model(
    'inf-weights',
    layersModel({ values: [Infinity, 0.5, -Infinity] }),
    'note: fc/kernel holds 0 NaN and 8 infinite values \\(of 12\\)',
    0,
  ),
  {
    id: 'empty-onnx',
    files: { 'm.onnx': new Uint8Array(0) },
    cli: summary('m.onnx'),
    code: 2,
    message: 'm\\.onnx holds no ONNX graph',
    drop: 'model',
  },
  {
    id: 'truncated-onnx',
    files: { 'm.onnx': fixture('onnx/fixtures/mlp.onnx').slice(0, 5000) },
    cli: summary('m.onnx'),
    code: 2,
    message: 'm\\.onnx is truncated or is not an ONNX model',
    drop: 'model',
  },
  {
    id: 'onnx-fp16',
    files: { 'fp16.onnx': fixture('onnx/fixtures/fp16.onnx') },
    cli: summary('fp16.onnx'),
    code: 2,
    message: 'float16; the lab prunes float32 weights',
    drop: 'model',
  },
  {
    id: 'onnx-external-truncated',
    files: {
      'mlp-external.onnx': fixture('onnx/fixtures/mlp-external.onnx'),
      'mlp-external.data': fixture('onnx/fixtures/mlp-external.data').slice(0, 1000),
    },
    cli: summary('mlp-external.onnx'),
    code: 2,
    message: "External data file 'mlp-external\\.data' is truncated",
    drop: 'model',
  },
  {
    id: 'empty-h5',
    files: { 'k.h5': new Uint8Array(0) },
    cli: summary('k.h5'),
    code: 2,
    message: 'k\\.h5 is not an HDF5 file',
    drop: 'model',
  },
  {
    id: 'truncated-h5',
    files: { 'k.h5': fixture('keras-h5/fixtures/small-cnn.h5').slice(0, 4096) },
    cli: summary('k.h5'),
    code: 2,
    message: 'k\\.h5 ',
    drop: 'model',
  },
  {
    id: 'keras3-file',
    files: { 'k.keras': fixture('keras-h5/fixtures/small-cnn.keras') },
    cli: summary('k.keras'),
    code: 2,
    message: 'k\\.keras .*Keras 3',
    drop: 'model',
  },
  data(
    'idx-2gb-claim',
    { 'images-idx3-ubyte': idx([32768, 256, 256], 64), 'labels-idx1-ubyte': idx([32768], 64) },
    'images-idx3-ubyte: idx data truncated: header says 32768x256x256 = 2147483648 bytes, got 64|more than supported',
  ),
  data(
    'idx-float-type',
    { 'images-idx3-ubyte': idx([2, 28, 28], 2 * 784 * 4, 0x0d), 'labels-idx1-ubyte': idx([2], 2) },
    'unsupported idx element type 0x0d \\(float32\\)',
  ),
  data(
    'idx-count-mismatch',
    { 'images-idx3-ubyte': idx([3, 28, 28], 3 * 784), 'labels-idx1-ubyte': idx([2], 2) },
    'images and labels disagree on the count: 3 images but 2 labels',
  ),
  data(
    'idx-trailing-bytes',
    { 'images-idx3-ubyte': idx([2, 28, 28], 2 * 784 + 5), 'labels-idx1-ubyte': idx([2], 2) },
    '5 unexpected trailing bytes after the idx data',
  ),
  data(
    'idx-zero-byte',
    { 'images-idx3-ubyte': new Uint8Array(0), 'labels-idx1-ubyte': idx([2], 2) },
    'idx header truncated: needs 4 bytes, file has 0',
  ),
  data(
    'npy-shape-lie',
    { 'x.npy': npy('|u1', '(10, 28, 28)', new Uint8Array(100)) },
    "x\\.npy: the header's shape \\[10, 28, 28\\] needs 7840 values but the file holds 100",
    'x.npy',
  ),
  data(
    'npy-fortran',
    { 'x.npy': npy('|u1', '(2, 2)', new Uint8Array(4), true) },
    'x\\.npy: Fortran-ordered arrays are not supported',
    'x.npy',
  ),
  data(
    'npy-strings',
    { 'x.npy': npy('<U1', '(2, 2)', new Uint8Array(16)) },
    'dtype U1 images are not supported',
    'x.npy',
  ),
  data('npy-garbage', { 'x.npy': new Uint8Array([1, 2, 3]) }, 'x\\.npy: not a readable \\.npy array', 'x.npy'),
  data('npz-not-zip', { 'd.npz': new Uint8Array([9, 9, 9, 9]) }, 'd\\.npz: not a zip file', 'd.npz'),
  data(
    'npz-no-examples',
    { 'd.npz': zipOf({ 'z.npy': npy('|u1', '(2,)', new Uint8Array(2)) }) },
    'd\\.npz: no recognisable examples array',
    'd.npz',
  ),
  data(
    'zip-bomb-claim',
    { 'set.zip': zipClaiming({ 'shirt/a.png': new Uint8Array(100), 'shoe/b.png': new Uint8Array(100) }, 0x7fffffff) },
    'set\\.zip: the archive inflates to \\d+ bytes, over the \\d+-byte cap .*zip bomb',
    'set.zip',
  ),
  data(
    'zip-bomb-ratio',
    { 'set.zip': zipOf({ 'shirt/a.png': new Uint8Array(6_000_000) }, { level: 9 }) },
    'set\\.zip: the archive inflates to 6000000 bytes, .*zip bomb',
    'set.zip',
  ),
  data(
    'cifar-partial-record',
    { 'test_batch.bin': cifarRecords([1]).slice(0, 3000) },
    'test_batch\\.bin: 3000 bytes is not a whole number of 3073-byte CIFAR-10 records',
  ),
  data(
    'cifar-label-out-of-range',
    { 'test_batch.bin': cifarRecords([1, 12]) },
    'test_batch\\.bin: record 1 has label 12; there are 10 classes',
  ),
  data(
    'cifar-pickle',
    { data_batch_1: new Uint8Array(10), test_batch: new Uint8Array(10) },
    'these are the CIFAR Python \\(pickle\\) batches',
  ),
  data(
    'csv-text-feature',
    { 't.csv': 'a,b,label\n1,abc,0\n' },
    't\\.csv: row 2, column "b": "abc" is not a number',
    't.csv',
  ),
  data('csv-no-rows', { 't.csv': 'a,b,label\n' }, 't\\.csv: needs a header row and at least one data row', 't.csv'),
  data('unknown-data', { 'notes.txt': 'hello' }, 'not a dataset PruneLab reads'),
  {
    id: 'yaml-alias-bomb',
    files: {
      's.yaml': `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n${agp('*c')}`,
    },
    cli: schedule,
    code: 2,
    message: 's\\.yaml line 2: YAML aliases \\(\\*a\\) are not read in a schedule',
  },
  {
    id: 'yaml-empty',
    files: { 's.yaml': '' },
    cli: schedule,
    code: 2,
    message: 's\\.yaml line \\d+: the schedule must be a mapping',
  },
  {
    id: 'yaml-not-yaml',
    files: { 's.yaml': 'pruners:\n  p: [unclosed\n' },
    cli: schedule,
    code: 2,
    message: 's\\.yaml line \\d+: not valid YAML',
  },
  {
    id: 'yaml-unknown-tensor',
    files: { 's.yaml': agp('[no_such.weight]') },
    cli: schedule,
    code: 2,
    message: 's\\.yaml line \\d+: .*no_such\\.weight',
  },
  {
    id: 'yaml-sparsity-over-1',
    files: { 's.yaml': agp('[fc1/kernel]').replace('final_sparsity: 0.5', 'final_sparsity: 1.5') },
    cli: schedule,
    code: 2,
    message: 's\\.yaml line 6: .*final_sparsity',
  },
  {
    id: 'shard-no-comment',
    files: { 'a.csv': 'parameter,sparsity,top1,top5,loss\n', 'b.csv': shard('1/2', ['a']) },
    cli: ['merge', '{dir}/a.csv', '{dir}/b.csv'],
    code: 2,
    message: 'a\\.csv is not a sweep shard',
  },
  {
    id: 'shard-missing',
    files: { 'a.csv': shard('0/2', ['a', 'b']) },
    cli: ['merge', '{dir}/a.csv'],
    code: 2,
    message: 'shard\\(s\\) 1/2 are missing',
  },
  {
    id: 'shard-bad-header-types',
    files: { 'a.csv': shard('0/1', ['a']).replace('"levels":[0,0.5]', '"levels":"0,0.5"') },
    cli: ['merge', '{dir}/a.csv'],
    code: 2,
    message: "a\\.csv: the shard comment's 'levels' must be a list of sparsities in \\[0, 1\\]",
  },
  {
    id: 'csv-formula-names',
    files: {
      'a.csv': shard('0/2', ['=HYPERLINK("http://evil","x")', '@SUM(1)']),
      'b.csv': shard('1/2', ['=HYPERLINK("http://evil","x")', '@SUM(1)']),
    },
    cli: ['merge', '{dir}/a.csv', '{dir}/b.csv'],
    code: 0,
    message: `^parameter,sparsity,top1,top5,loss\\n"'=HYPERLINK\\(""http://evil"",""x""\\)",0\\.00,`,
  },
];

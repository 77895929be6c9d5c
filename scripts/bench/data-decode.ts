// Reading people's data: PNG folders decoded by the pure-JS decoder (the CLI's path), CIFAR binary
// batches, and the input mapping (resize + crop + ImageNet scaling) per image; images/s and the
// memory the decoded set takes. The page decodes with createImageBitmap in its worker instead.
import { cifarTestBatch, pngFolder } from '../../src/core/data/test-datasets';
import { decodeImageFolder, listImageFolder } from '../../src/core/data/image-folder';
import { inputGeometry, mapBatch, type InputMapping } from '../../src/core/data/input-mapping';
import { readCifar } from '../../src/core/data/cifar';
import { decodePng } from '../../src/core/data/png';
import type { LabelledImages } from '../../src/core/types';
import { benchStreamedEvaluation } from './data-stream';

const mib = (b: number) => (b / 2 ** 20).toFixed(1);

function synthetic(n: number, side: number): LabelledImages {
  const per = side * side * 3;
  const pixels = new Uint8Array(n * per);
  // smooth gradients with noise, so PNG compresses like a photo would, roughly
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i % per) * 7 + ((i * 2654435761) >>> 27) + i / per) & 0xff;
  return {
    pixels,
    labels: Uint8Array.from({ length: n }, (_, i) => i % 10),
    n,
    rows: side,
    cols: side,
    channels: 3,
    numClasses: 10,
  };
}

async function folder(n: number, side: number): Promise<void> {
  const files = pngFolder(synthetic(n, side), n, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']).map((f) => ({
    path: `set/${f.path}`,
    bytes: f.bytes.slice().buffer as ArrayBuffer,
  }));
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  const images = await decodeImageFolder(listImageFolder(files, 'set'), 'set', async (b, name) =>
    decodePng(new Uint8Array(b), name),
  );
  const s = (performance.now() - t0) / 1000;
  const bytes = images.pixels.byteLength;
  console.log(
    `PNG folder ${n} × ${side}×${side} RGB: ${(images.n / s).toFixed(0)} images/s (pure-JS decoder), ` +
      `decoded set ${mib(bytes)} MiB (array buffers +${mib(process.memoryUsage().arrayBuffers - before)} MiB)`,
  );
  if (side >= 224) {
    const mapping: InputMapping = {
      resize: 256,
      crop: 224,
      layout: 'nchw',
      channels: null,
      scaling: { kind: 'imagenet' },
      labelMap: null,
    };
    const g = inputGeometry([3, 224, 224], 'nchw', images);
    const t1 = performance.now();
    const batch = 32;
    for (let i = 0; i + batch <= images.n; i += batch)
      mapBatch(
        images,
        Array.from({ length: batch }, (_, k) => i + k),
        mapping,
        g,
      );
    const per = (performance.now() - t1) / 1000;
    console.log(
      `input mapping resize 256 + crop 224 + ImageNet, NCHW: ${((images.n - (images.n % batch)) / per).toFixed(0)} images/s`,
    );
  }
}

export async function benchDataDecode(): Promise<void> {
  const n = 50_000;
  const batch = cifarTestBatch(synthetic(n, 32), n);
  const t0 = performance.now();
  const set = readCifar([{ name: 'test_batch.bin', bytes: batch.bytes.slice().buffer as ArrayBuffer }]);
  console.log(
    `CIFAR binary ${n} × 32×32 RGB: ${(n / ((performance.now() - t0) / 1000)).toFixed(0)} images/s, ` +
      `held ${mib(set.pixels.byteLength)} MiB (uint8 NHWC); the device keeps at most 256 MiB float32 of it`,
  );
  await folder(5_000, 32);
  await folder(300, 224);
  await benchStreamedEvaluation();
}

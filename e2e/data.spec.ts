// Bring your own data: the same Fashion-MNIST test images as a folder of PNGs in class subfolders
// and as an .npz give the top-1 of the idx files.
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Lab } from './lab';

const N = 200;

test('a dropped folder of PNGs and an .npz give the top-1 of the idx files for the same images', async ({ page }) => {
  const { FASHION_MNIST_CLASSES } = await import('../src/core/data/fashion-mnist');
  const { npzOf, pngFolder } = await import('../src/core/data/test-datasets');
  const images = gunzipSync(readFileSync('public/data/fashion-mnist/t10k-images-idx3-ubyte.gz'));
  const labels = gunzipSync(readFileSync('public/data/fashion-mnist/t10k-labels-idx1-ubyte.gz'));
  const set = {
    pixels: new Uint8Array(images.subarray(16, 16 + 784 * N)),
    labels: new Uint8Array(labels.subarray(8, 8 + N)),
    n: N,
    rows: 28,
    cols: 28,
    numClasses: 10,
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'prunelab-e2e-'));
  const root = path.join(dir, 'fashion-png');
  for (const f of pngFolder(set, N, FASHION_MNIST_CLASSES)) {
    mkdirSync(path.dirname(path.join(root, f.path)), { recursive: true });
    writeFileSync(path.join(root, f.path), f.bytes);
  }
  try {
    const lab = new Lab(page);
    await lab.open('?model=lenet300');
    const data = page.getByRole('region', { name: 'Evaluation data' });

    const imgHeader = Buffer.from(images.subarray(0, 16));
    imgHeader.writeUInt32BE(N, 4);
    const labHeader = Buffer.from(labels.subarray(0, 8));
    labHeader.writeUInt32BE(N, 4);
    await lab.drop([
      { name: 'small-images-idx3-ubyte', bytes: Buffer.concat([imgHeader, images.subarray(16, 16 + 784 * N)]) },
      { name: 'small-labels-idx1-ubyte', bytes: Buffer.concat([labHeader, labels.subarray(8, 8 + N)]) },
    ]);
    await expect(data).toContainText(`${N} images`);
    await lab.waitReady();
    const idxTop1 = await lab.metricNumber('Top-1');

    await data.getByLabel('Image folder').setInputFiles(root);
    await expect(data).toContainText(`fashion-png: ${N} images, 28×28, 10 classes`);
    await lab.waitReady();
    expect(await lab.metricNumber('Top-1')).toBe(idxTop1);

    await lab.drop([{ name: 'fashion.npz', bytes: Buffer.from(npzOf(set, N)) }]);
    await expect(data).toContainText(`fashion.npz: ${N} images`);
    await lab.waitReady();
    expect(await lab.metricNumber('Top-1')).toBe(idxTop1);
    await lab.shot('data-npz');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

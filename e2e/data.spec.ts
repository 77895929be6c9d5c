// Bring your own data: the same Fashion-MNIST test images as a folder of PNGs in class subfolders
// and as an .npz give the top-1 of the idx files; data without labels is measured by agreement.
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Lab } from './lab';

const N = 200;
const images = () => gunzipSync(readFileSync('public/data/fashion-mnist/t10k-images-idx3-ubyte.gz'));
const labels = () => gunzipSync(readFileSync('public/data/fashion-mnist/t10k-labels-idx1-ubyte.gz'));

/** The first n Fashion-MNIST test images as LabelledImages. */
function fashionSet(n: number) {
  return {
    pixels: new Uint8Array(images().subarray(16, 16 + 784 * n)),
    labels: new Uint8Array(labels().subarray(8, 8 + n)),
    n,
    rows: 28,
    cols: 28,
    numClasses: 10,
  };
}

test('a dropped folder of PNGs and an .npz give the top-1 of the idx files for the same images', async ({ page }) => {
  const { FASHION_MNIST_CLASSES } = await import('../src/core/data/fashion-mnist');
  const { npzOf, pngFolder } = await import('../src/core/data/test-datasets');
  const set = fashionSet(N);
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

    const [img, lbl] = [images(), labels()];
    const imgHeader = Buffer.from(img.subarray(0, 16));
    imgHeader.writeUInt32BE(N, 4);
    const labHeader = Buffer.from(lbl.subarray(0, 8));
    labHeader.writeUInt32BE(N, 4);
    await lab.drop([
      { name: 'small-images-idx3-ubyte', bytes: Buffer.concat([imgHeader, img.subarray(16, 16 + 784 * N)]) },
      { name: 'small-labels-idx1-ubyte', bytes: Buffer.concat([labHeader, lbl.subarray(8, 8 + N)]) },
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

test('data without labels is measured by agreement, shows a sample grid, and a cancelled decode keeps it', async ({
  page,
}) => {
  const { FASHION_MNIST_CLASSES } = await import('../src/core/data/fashion-mnist');
  const { pngFolder } = await import('../src/core/data/test-datasets');
  const { dump } = await import('npyjs');
  const { zipSync } = await import('fflate');
  const unlabelled = zipSync({ 'x.npy': new Uint8Array(dump(fashionSet(N).pixels, [N, 28, 28])) });
  // 4,000 PNGs in one zip: long enough to decode that a person can cancel it
  const BIG = 4000;
  const big = fashionSet(BIG);
  const dir = mkdtempSync(path.join(tmpdir(), 'prunelab-e2e-'));
  const zipPath = path.join(dir, 'big-folder.zip');
  writeFileSync(
    zipPath,
    zipSync(Object.fromEntries(pngFolder(big, BIG, FASHION_MNIST_CLASSES).map((f) => [`big/${f.path}`, f.bytes]))),
  );
  try {
    const lab = new Lab(page);
    await lab.open('?model=lenet5');
    const data = page.getByRole('region', { name: 'Evaluation data' });
    await lab.drop([{ name: 'unlabelled.npz', bytes: Buffer.from(unlabelled) }]);
    await expect(data).toContainText(`unlabelled.npz: ${N} images, 28×28, no labels`);
    await lab.waitReady();
    const agreement = page.getByRole('group', { name: 'Top-1 agreement' });
    await expect(agreement).toContainText('100.00%');
    await expect(page.getByTestId('figure-measure')).toContainText('agreement with the dense model');
    await expect(page.getByRole('group', { name: 'KL' })).toBeVisible();
    await expect(page.getByTestId('sample-summary')).toHaveText('16 samples (no labels to compare with)');
    await expect(page.getByRole('list', { name: 'Sample images' }).getByRole('listitem')).toHaveCount(16);

    await lab.setRange(lab.slider('fc1/kernel'), 0.97);
    await lab.waitFull();
    const pruned = parseFloat((await agreement.getByTestId('metric-top-1-agreement').textContent()) ?? 'NaN');
    expect(pruned).toBeLessThan(100);
    await lab.shot('data-label-free');

    await data.getByLabel('Data files').setInputFiles(zipPath);
    await expect(data.getByRole('status')).toContainText('Decoding images', { timeout: 30_000 });
    await data.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByText('Opening big-folder.zip was cancelled; the data you had is kept.')).toBeVisible();
    await expect(data).toContainText(`unlabelled.npz: ${N} images`);
    await lab.waitReady();
    await expect(agreement).toContainText(`${pruned.toFixed(2)}%`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// What the worker fetches for the lab service: the demo dataset and a model folder's files.
import { DEMO_DATA_FILES } from '../core/data/fashion-mnist';
import { readIdx, toLabelledImages } from '../core/data/idx';
import type { DataLoader } from '../core/lab/data-loader';
import type { ModelCard } from '../core/lab/types';
import type { NamedBytes } from '../core/types';

async function fetchIdx(url: string, what: string) {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`could not fetch ${what} (${url}): HTTP ${res.status}`);
  return readIdx(res.body, what);
}

async function fetchPair(baseUrl: string, images: string, labels: string, what: string) {
  const [i, l] = await Promise.all([
    fetchIdx(new URL(images, baseUrl).href, `${what} images`),
    fetchIdx(new URL(labels, baseUrl).href, `${what} labels`),
  ]);
  return toLabelledImages(i, l, 10);
}

/** The shipped Fashion-MNIST test set and 10k training subset, served under `baseUrl`. */
export function demoDataLoader(baseUrl: string): DataLoader {
  return {
    test: async () => ({
      name: 'Fashion-MNIST test set',
      images: await fetchPair(baseUrl, DEMO_DATA_FILES.testImages, DEMO_DATA_FILES.testLabels, 'test'),
    }),
    train: () => fetchPair(baseUrl, DEMO_DATA_FILES.trainImages, DEMO_DATA_FILES.trainLabels, 'training'),
  };
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/**
 * A demo model's model.json, the weight files its manifest names, and its card when there is one;
 * for `<id>.onnx`, the folder's model.onnx and card.
 */
export async function fetchDemoModel(baseUrl: string, id: string): Promise<{ files: NamedBytes[]; card?: ModelCard }> {
  const onnx = id.endsWith('.onnx');
  const dir = new URL(`models/${onnx ? id.slice(0, -5) : id}/`, baseUrl).href;
  const card = async () => {
    const res = await fetch(`${dir}card.json`);
    return res.ok ? ((await res.json()) as ModelCard) : undefined;
  };
  if (onnx) return { files: [{ name: 'model.onnx', bytes: await fetchBytes(`${dir}model.onnx`) }], card: await card() };
  const json = await fetchBytes(`${dir}model.json`);
  const manifest = JSON.parse(new TextDecoder().decode(json)) as { weightsManifest?: { paths?: string[] }[] };
  const paths = [...new Set((manifest.weightsManifest ?? []).flatMap((g) => g.paths ?? []))];
  const shards = await Promise.all(paths.map(async (p) => ({ name: p, bytes: await fetchBytes(dir + p) })));
  return { files: [{ name: 'model.json', bytes: json }, ...shards], card: await card() };
}

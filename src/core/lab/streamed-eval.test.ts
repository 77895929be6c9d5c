import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { gatherImages } from '../data/dataset-tensors';
import { loadIdxPair } from '../data/idx';
import { agreementData, denseReferenceOf, disposeReference } from '../eval/agreement';
import { evaluate } from '../eval/evaluate';
import type { ModelEngine } from '../engine/model-engine';
import { openModelFiles } from '../engine/open-model';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import type { LabelledImages, Metrics } from '../types';
import { dataFeed } from './data-feed';
import { demoModelFiles, PUBLIC_DIR } from './demo-files';
import { ResidentData } from './eval-data';
import { chunksOf, evaluateStreamed, streamedReference } from './streamed-eval';

const PUBLIC = PUBLIC_DIR;
const N = 130;
let images: LabelledImages;

beforeAll(async () => {
  const data = path.join(PUBLIC, 'data', 'fashion-mnist');
  const all = await loadIdxPair(
    readFileSync(path.join(data, 't10k-images-idx3-ubyte.gz')),
    readFileSync(path.join(data, 't10k-labels-idx1-ubyte.gz')),
  );
  images = gatherImages(
    all,
    Array.from({ length: N }, (_, i) => i),
  );
});

function expectSame(a: Metrics, b: Metrics) {
  expect(a.n).toBe(b.n);
  expect(a.top1).toBeCloseTo(b.top1, 6);
  expect(a.top5).toBeCloseTo(b.top5, 6);
  expect(a.loss).toBeCloseTo(b.loss, 5);
  expect(a.kl ?? 0).toBeCloseTo(b.kl ?? 0, 5);
}

describeEachBackend('streamed evaluation', () => {
  let engine: ModelEngine;
  beforeAll(async () => {
    engine = (await openModelFiles(demoModelFiles('lenet5'))).engine;
  });

  it('cuts the set into chunks of the byte budget', () => {
    const feed = dataFeed(engine, images, { kind: 'unit' }, null);
    const set = { images, feed, labelsFit: true, indices: Int32Array.from({ length: N }, (_, i) => i) };
    // 784 floats = 3,136 bytes an image: 50 images a chunk
    expect(chunksOf(set, 3136 * 50).map((c) => c.length)).toEqual([50, 50, 30]);
  });

  it('gives the figures of the whole set on the device, with labels and label-free, leaving no tensor', async () => {
    const feed = dataFeed(engine, images, { kind: 'unit' }, null);
    const all = Int32Array.from({ length: N }, (_, i) => i);
    const set = { images, feed, labelsFit: true, indices: all };
    const x = feed.x(images, all);
    const y = feed.y(images, all);
    const whole = await evaluate(engine, { x, y }, { outputs: engine.outputs });
    const chunked = await expectNoLeak(() => evaluateStreamed(engine, set, null, {}, 3136 * 50));
    expectSame(chunked, whole);

    // label-free: the dense reference taken chunk by chunk is the one of the whole set
    const ref = await denseReferenceOf(engine, x, engine.outputs);
    const streamedRef = await streamedReference(engine, set, undefined, 3136 * 50);
    expect(Array.from(await streamedRef.labels.data())).toEqual(Array.from(await ref.labels.data()));
    // a changed model (conv1 halved) against it
    const w = await engine.readWeights('conv1/kernel');
    engine.writeWeights(
      'conv1/kernel',
      w.map((v) => v / 2),
    );
    const free = { ...set, labelsFit: false };
    const wholeAgree = await evaluate(engine, agreementData(x, ref), { outputs: engine.outputs });
    const chunkAgree = await expectNoLeak(() => evaluateStreamed(engine, free, streamedRef, {}, 3136 * 50));
    expect(chunkAgree.measure).toBe('agreement');
    expect(wholeAgree.top1).toBeLessThan(100);
    expectSame(chunkAgree, wholeAgree);
    engine.writeWeights('conv1/kernel', w);
    disposeReference(ref);
    disposeReference(streamedRef);
    tf.dispose([x, y]);
  });

  it('over the budget, the resident set is a class-balanced subset and the full figure streams every example', async () => {
    const feed = dataFeed(engine, images, { kind: 'unit' }, null);
    const data = ResidentData.upload(images, feed, { scaling: { kind: 'unit' }, limit: null }, 20, 3136 * 60);
    expect([data.n, data.cappedFrom, data.streamed?.indices.length]).toEqual([60, N, N]);
    const all = Int32Array.from({ length: N }, (_, i) => i);
    const x = feed.x(images, all);
    const y = feed.y(images, all);
    const whole = await evaluate(engine, { x, y }, { outputs: engine.outputs });
    expectSame(await data.evaluate(engine, 'full', {}), whole);
    tf.dispose([x, y]);
    data.dispose();
  });
});

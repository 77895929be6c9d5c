import * as tf from '@tensorflow/tfjs';
import { ThinningError } from './errors';

/**
 * max |masked(x) - thinned(x)| over all outputs, computed batch by batch so large inputs fit;
 * every intermediate tensor is disposed.
 */
export async function thinnedAgreement(
  masked: tf.LayersModel,
  thinned: tf.LayersModel,
  x: tf.Tensor,
  batchSize = 256,
): Promise<number> {
  const n = x.shape[0] ?? 0;
  let worst = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const diff = tf.tidy(() => {
      const xb = x.slice(start, size);
      const a = masked.predict(xb);
      const b = thinned.predict(xb);
      if (Array.isArray(a) || Array.isArray(b))
        throw new ThinningError('thinnedAgreement compares single-output models only');
      if (a.shape.join() !== b.shape.join())
        throw new ThinningError(`masked output [${a.shape}] and thinned output [${b.shape}] differ in shape`);
      return a.sub(b).abs().max();
    });
    const [d] = await diff.data();
    diff.dispose();
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  }
  return worst;
}

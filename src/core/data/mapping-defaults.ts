// What the input-mapping form starts from for a model and a dataset: the model engine's layout
// (NCHW for PyTorch/ONNX inputs, NHWC for TF.js) and its input size and channels, so that a set of
// another size or colour needs only a look before it is applied.
import { detectLayout, inputGeometry, type InputGeometry, type InputMapping } from './input-mapping';

export interface DataShape {
  rows: number;
  cols: number;
  channels?: number;
  /** float values as stored (no /255 scaling by default) */
  float?: boolean;
}

/** The model's input geometry under its own layout, or null when the shape has no fixed size. */
export function modelGeometry(inputShape: readonly (number | null)[], data: DataShape): InputGeometry | null {
  try {
    return inputGeometry(inputShape, detectLayout(inputShape), data);
  } catch {
    return null;
  }
}

/**
 * The model's layout; a resize of the short side to the model's size when the data's size differs,
 * then a centre crop when the model is square and the data is not; the model's channel count when
 * the data's differs; /255 for pixels, none for float data. The label map stays the same index.
 */
export function mappingDefaults(inputShape: readonly (number | null)[], data: DataShape): InputMapping {
  const layout = detectLayout(inputShape);
  const g = modelGeometry(inputShape, data);
  const sameSize = !g || (g.height === data.rows && g.width === data.cols);
  const dataChannels = data.channels ?? 1;
  return {
    resize: sameSize ? null : Math.min(g.height, g.width),
    crop: !sameSize && g.height === g.width && data.rows !== data.cols ? g.height : null,
    layout,
    channels: g && g.channels !== dataChannels && layout !== 'flat' ? g.channels : null,
    scaling: data.float ? { kind: 'none' } : { kind: 'unit' },
    labelMap: null,
  };
}

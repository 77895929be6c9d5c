// Which axis of an image input holds the channels: NCHW (PyTorch, ONNX) or NHWC (TF.js, Keras).
// Read from the input shape; where the shape cannot tell, the format's own convention decides.

export type InputLayoutName = 'NCHW' | 'NHWC';

const CHANNEL_COUNTS = new Set([1, 2, 3, 4]);

/** The layout of an input shape without its batch dimension; null when it is not an image (rank ≠ 3). */
export function detectInputLayout(
  shape: readonly (number | null)[],
  formatDefault: InputLayoutName,
): InputLayoutName | null {
  if (shape.length !== 3) return null;
  const first = shape[0] !== null && CHANNEL_COUNTS.has(shape[0]);
  const last = shape[2] !== null && CHANNEL_COUNTS.has(shape[2]);
  if (first && !last) return 'NCHW';
  if (last && !first) return 'NHWC';
  return formatDefault;
}

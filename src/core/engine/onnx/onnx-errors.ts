/** A model file the ONNX engine cannot open or edit; the message says which file, tensor or node, and why. */
export class OnnxModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxModelError';
  }
}

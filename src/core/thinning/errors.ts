/** A thinning request the model cannot satisfy; the message names the layer and what to do. */
export class ThinningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThinningError';
  }
}

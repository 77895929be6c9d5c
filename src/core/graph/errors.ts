/**
 * A structure selection that the model's channel graph cannot honour: an unknown or non-prunable
 * layer, an index out of range, a selection that would empty a layer, or coupled layers (joined by
 * an Add and the like) given different selections. The message names the layers involved.
 */
export class StructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StructureError';
  }
}

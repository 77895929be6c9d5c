/** A model.json or its weight files are missing, malformed or inconsistent. */
export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFormatError';
  }
}

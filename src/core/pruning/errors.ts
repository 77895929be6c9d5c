/** Bad input to a pruning function: the message says which argument, what it was and what was expected. */
export class PruningInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PruningInputError';
  }
}

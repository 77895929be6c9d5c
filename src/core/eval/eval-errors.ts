// The evaluation's vocabulary shared by its modules: what a model's output holds, and its errors.

/** What the model's (first) output holds: raw scores, or softmax probabilities. */
export type OutputKind = 'logits' | 'probabilities';

/** Probabilities are clipped to [PROBABILITY_FLOOR, 1] before the log, as Keras does (epsilon 1e-7). */
export const PROBABILITY_FLOOR = 1e-7;

/** Thrown when an AbortSignal stops a long computation; `name` is 'AbortError' like fetch's. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

/** Raised when data and model do not fit together (shapes, label range). */
export class EvaluationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationInputError';
  }
}

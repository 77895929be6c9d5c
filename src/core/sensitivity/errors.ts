/** Bad input to a sensitivity analysis (levels, tensor selection, CSV, budget): the message says what and where. */
export class SensitivityInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SensitivityInputError';
  }
}

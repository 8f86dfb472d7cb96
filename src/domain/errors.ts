/**
 * The one error the domain and the use cases throw for anything a user did or asked that cannot
 * be done. `code` is stable (UPPER_SNAKE), `message` is the French text shown to the user,
 * `field` names the input at fault when there is one (a form shows it under that field).
 */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly field?: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Several field errors at once (a form with three enjeux, a CSV with five bad rows). */
export class ValidationErrors extends DomainError {
  constructor(public readonly errors: { field: string; message: string }[]) {
    super('VALIDATION_FAILED', errors.map((e) => e.message).join('\n'));
    this.name = 'ValidationErrors';
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

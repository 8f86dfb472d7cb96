import { en } from './catalogue/en';
import { fr, type FrenchCatalogue } from './catalogue/fr';
import { httpStatusOf, type ErrorCode } from './error-codes';
import type { Locale } from './types';

export type { ErrorCode } from './error-codes';

/** The params a code's texts need (catalogue/fr.ts's parameter), as a tuple: [] when none. */
export type ErrorParams<C extends ErrorCode> = Parameters<FrenchCatalogue[C]>;

/** DomainError's arguments after the code: its params (when it has some), then the field. */
export type ErrorArgs<C extends ErrorCode> =
  ErrorParams<C> extends []
    ? [params?: undefined, field?: string]
    : [...ErrorParams<C>, field?: string];

const CATALOGUES = { fr, en } as const;

/** A code's text in one language, from the catalogue of that language. */
export function textOf<C extends ErrorCode>(
  code: C,
  params: ErrorParams<C>[0] | undefined,
  locale: Locale,
): string {
  const entry = CATALOGUES[locale][code] as (p?: unknown) => string;
  return entry(params);
}

/**
 * The one error the domain and the use cases throw for anything a user did or asked that cannot
 * be done. `code` is one of error-codes.ts (its HTTP status is there too), `params` what its text
 * needs, `field` names the input at fault when there is one (a form shows it under that field).
 * `message` is the French text, for logs, the CLI and pilots; a channel shows `errorText(err,
 * locale)`, the same words in the user's language.
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  public readonly params: ErrorParams<C>[0] | undefined;
  public readonly field?: string;

  constructor(
    public readonly code: C,
    ...args: ErrorArgs<C>
  ) {
    const [params, field] = args as [ErrorParams<C>[0] | undefined, string | undefined];
    super(textOf(code, params, 'fr'));
    this.name = 'DomainError';
    this.params = params;
    if (field !== undefined) this.field = field;
  }

  /** The same refusal about another field (a form that names its inputs differently). */
  withField(field: string | undefined): DomainError<C> {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as DomainError<C>;
    Object.assign(copy, this, { field, message: this.message, stack: this.stack });
    if (field === undefined) delete (copy as { field?: string }).field;
    return copy;
  }
}

/**
 * Several field errors at once (a form with three enjeux, a CSV with five bad rows), each a
 * coded DomainError with its field. `errors` words them in `locale` (French unless the caller
 * asked otherwise); `fieldErrors(err, locale)` words them in any language.
 */
export class ValidationErrors extends DomainError<'VALIDATION_FAILED'> {
  constructor(
    public readonly issues: DomainError[],
    public readonly locale: Locale = 'fr',
  ) {
    super('VALIDATION_FAILED');
    this.message = issues.map((e) => errorText(e, locale)).join('\n');
    this.name = 'ValidationErrors';
  }

  get errors(): { field: string; message: string }[] {
    return this.issues.map((e) => ({ field: e.field ?? '', message: errorText(e, this.locale) }));
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** A DomainError of this code, with that code's params. */
export function hasCode<C extends ErrorCode>(err: unknown, code: C): err is DomainError<C> {
  return err instanceof DomainError && err.code === code;
}

/** A refusal's text in the user's language: the one way every channel words an error. */
export function errorText(err: DomainError, locale: Locale): string {
  if (err instanceof ValidationErrors)
    return err.issues.map((e) => errorText(e, locale)).join('\n');
  return textOf(err.code, err.params, locale);
}

/** A refusal as field errors in the user's language: one per issue, or the error itself. */
export function fieldErrors(
  err: DomainError,
  locale: Locale,
): { field: string | undefined; message: string }[] {
  const list = err instanceof ValidationErrors ? err.issues : [err];
  return list.map((e) => ({ field: e.field, message: textOf(e.code, e.params, locale) }));
}

/** The HTTP status of a refusal, from the table in error-codes.ts. */
export function errorStatus(err: DomainError): number {
  return httpStatusOf(err.code);
}

import { DomainError } from '../../src/domain/errors';

/** The DomainError `fn` throws; fails the test when it throws nothing or something else. */
export function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

/** The code of the DomainError `fn` throws, or undefined when it throws nothing. */
export function domainCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return undefined;
}

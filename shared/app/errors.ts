import type { FieldIssue } from '../domain/validation';

/**
 * A write that cannot happen as asked because of what is already stored (a second elder with
 * one ID number, a creation of an elder who exists). The API answers 409, the CLI exit 1.
 */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** The thing a write names does not exist (404 in the API). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

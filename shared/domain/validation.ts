import type { z } from 'zod';

/** One broken rule: the dotted path of the field and the rule in words. */
export interface FieldIssue {
  field: string;
  rule: string;
}

export function formatIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    rule: issue.message,
  }));
}

export function issuesToText(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.rule}`).join('; ');
}

/** A value that failed validation, carrying every broken rule. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly subject: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(`${subject} is invalid: ${issuesToText(issues)}`);
  }
}

/** Parses with a schema, throwing a ValidationError that names the subject, each field and each rule. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(subject, formatIssues(result.error));
  return result.data;
}

import type { z } from 'zod';
import { cleanInput } from './input/clean';
import { localizeIssue, localizeIssues } from './messages/localize';

/**
 * One broken rule: the dotted path of the field and the rule in words (English), with the
 * machine-readable `code` of the rule and its Chinese `message` for office staff. Rules made
 * here carry both; issues from zod or older rules get them from `shared/domain/messages`.
 */
export interface FieldIssue {
  field: string;
  rule: string;
  code?: string | undefined;
  /** 中文说明 */
  message?: string | undefined;
}

/**
 * A schema's own check (`refine`, `superRefine`) carries its code and Chinese text in zod's
 * `params` (`{ code, zh }`; see `zhParams`), made where the rule is, like a FieldIssue's.
 */
function ownZh(issue: z.core.$ZodIssue): { code?: string; message?: string } {
  if (issue.code !== 'custom') return {};
  const params: unknown = issue.params;
  if (typeof params !== 'object' || params === null) return {};
  const { code, zh } = params as { code?: unknown; zh?: unknown };
  return typeof code === 'string' && typeof zh === 'string' ? { code, message: zh } : {};
}

/** The `params` of a zod check that gives its rule a code and a Chinese text. */
export const zhParams = (code: string, zh: string) => ({ params: { code, zh } });

export function formatIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => localizeIssue({ field: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'), rule: issue.message, ...ownZh(issue) }, issue));
}

export function issuesToText(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.rule}`).join('; ');
}

/** A value that failed validation, carrying every broken rule. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  /** Every broken rule, each with its code and Chinese message. */
  readonly issues: readonly FieldIssue[];
  constructor(
    readonly subject: string,
    issues: readonly FieldIssue[],
  ) {
    super(`${subject} is invalid: ${issuesToText(issues)}`);
    this.issues = localizeIssues(issues);
  }
}

export type CleanParse<T> = { success: true; data: T } | { success: false; issues: FieldIssue[] };

/**
 * The one way input is parsed: the shared hygiene walk first (NFC, no control or bidi
 * characters, no prototype keys, bounded nesting), then the schema. Problems of both are
 * reported together, each with its field.
 */
export function safeParseClean<S extends z.ZodType>(schema: S, value: unknown): CleanParse<z.output<S>> {
  const cleaned = cleanInput(value);
  const result = schema.safeParse(cleaned.value);
  if (cleaned.issues.length === 0 && result.success) return { success: true, data: result.data };
  const hygiene = new Set(cleaned.issues.map((i) => i.field));
  // A field refused for its characters is not also reported for what the schema made of it.
  const schemaIssues = result.success ? [] : formatIssues(result.error).filter((i) => !hygiene.has(i.field));
  return { success: false, issues: [...localizeIssues(cleaned.issues), ...schemaIssues] };
}

/** Parses with a schema, throwing a ValidationError that names the subject, each field and each rule. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = safeParseClean(schema, value);
  if (!result.success) throw new ValidationError(subject, result.issues);
  return result.data;
}

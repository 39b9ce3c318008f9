import type { z } from 'zod';
import { cleanInput } from '../input/clean';
import { ValidationError, formatIssues } from '../validation';
import type { FieldIssue } from '../validation';
import { weatherAlertSchema } from './alert';
import type { WeatherAlert } from './alert';

const FIELDS = Object.keys(weatherAlertSchema.shape);

/**
 * Zod reports unknown keys once, on the object itself ("(root): Unrecognized key"). Senders fix
 * their feed faster when each stray key is named as the field, with the fields we do accept.
 */
function issuesOf(error: z.ZodError): FieldIssue[] {
  const formatted = formatIssues(error);
  return error.issues.flatMap((issue, i): FieldIssue[] => {
    if (issue.code !== 'unrecognized_keys') return [formatted[i] as FieldIssue];
    const prefix = issue.path.length === 0 ? '' : `${issue.path.map(String).join('.')}.`;
    return issue.keys.map((key) => ({ field: `${prefix}${key}`, rule: `unknown field; the JSON form has only ${FIELDS.join(', ')}` }));
  });
}

/**
 * The simple JSON form of a warning, for senders without CAP (a county office's own tool, the
 * CLI, tests): the fields of WeatherAlert; `msgType` defaults to Alert and `references` to none.
 * Times may carry any offset and come back as +08:00 instants.
 */
export function parseJsonAlert(input: unknown): WeatherAlert {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError('weather alert', [{ field: '(root)', rule: 'must be a JSON object' }]);
  const cleaned = cleanInput(input);
  if (cleaned.issues.length > 0) throw new ValidationError('weather alert', cleaned.issues);
  const result = weatherAlertSchema.safeParse(cleaned.value);
  if (!result.success) throw new ValidationError('weather alert', issuesOf(result.error));
  return result.data;
}

import { z } from 'zod';
import type { AreaScope } from '../../domain/special/areas';
import { ValidationError } from '../../domain/validation';

/** The last key of a page of `elders.byCounty`: the table key and the index key, all strings. */
const cursorSchema = z.object({ elderId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), countyCode: z.string().regex(/^\d{6}$/), areaSort: z.string().regex(/^\d{12}#[A-Za-z0-9_-]{1,64}$/) }).strict();

export const encodeAreaCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

const refuse = (): never => {
  throw new ValidationError('cursor', [{ field: 'cursor', rule: 'is not a cursor this list gave: pass the next value of the previous page' }]);
};

/**
 * A paging cursor back into a key, or a ValidationError: callers hand it back from a URL, so it
 * may be anything (not base64, not JSON, `null`, a key of another county or of another table).
 */
export function decodeAreaCursor(cursor: string, scope: AreaScope): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return refuse();
  }
  const key = cursorSchema.safeParse(raw);
  if (!key.success) return refuse();
  const { elderId, countyCode, areaSort } = key.data;
  if (countyCode !== scope.county || !areaSort.startsWith(scope.prefix ?? scope.county) || !areaSort.endsWith(`#${elderId}`)) return refuse();
  return { elderId, countyCode, areaSort };
}

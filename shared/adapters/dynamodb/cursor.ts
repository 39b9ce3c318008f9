import type { z } from 'zod';

/**
 * Opaque paging cursors: where a list stands (a page's LastEvaluatedKey, and for a list made of
 * several Queries which one) as base64url JSON. A cursor that does not decode to the shape this
 * list gives is refused with `InvalidCursorError`, never passed on to DynamoDB.
 */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('the cursor is not one this list gave');
  }
}

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidCursorError();
  return parsed.data;
}

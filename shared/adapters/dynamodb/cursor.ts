import type { z } from 'zod';

/** A page's LastEvaluatedKey as an opaque, URL-safe text, and back. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Thrown for a cursor this API did not give: not JSON, or not a key of the index it pages. */
export class BadCursorError extends Error {
  override readonly name = 'BadCursorError';
}

/** Decodes a cursor, accepting only an object of strings with exactly the key attributes of the index. */
export function decodeCursor(cursor: string, attributes: readonly string[]): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError('the cursor is not one this list gave');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadCursorError('the cursor is not one this list gave');
  const entries = Object.entries(value);
  if (entries.length !== attributes.length || !entries.every(([k, v]) => attributes.includes(k) && typeof v === 'string' && v.length <= 300)) {
    throw new BadCursorError('the cursor is not one this list gave');
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * Decodes a cursor of a list made of several Queries (where it stands, and the last key read
 * there), accepting only what `schema` describes.
 */
export function decodeCursorWith<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError('the cursor is not one this list gave');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadCursorError('the cursor is not one this list gave');
  return parsed.data;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { CALLBACK_LIMITS } from '../../domain/sms/callbacks';
import type { CallbackProvider, CallbackResult } from '../../domain/sms/callbacks';
import { formatIssues } from '../../domain/validation';

/** One callback as the endpoint received it. */
export interface CallbackRequest {
  /** The token segment of the path the provider posted to (`/sms/<provider>/<token>/…`). */
  pathToken: string | undefined;
  /** The callback token from the secret (SmsSecrets.callbackToken()). */
  expectedToken: string;
  /** The raw body, before any parsing. */
  body: string | Uint8Array | undefined;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Neither provider signs its SMS callbacks, so the path carries a long random token. It is
 * compared in constant time over fixed-length digests: neither the position of the first wrong
 * character nor the token's length leaks through timing. An empty expected token matches nothing.
 */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented || expected.length === 0) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Authenticates, bounds and parses a callback body: the token first (nothing is read before it),
 * then the size, then JSON, then the provider's schema, which turns each item into a neutral
 * value. Any bad item refuses the whole body, so a callback is applied whole or not at all.
 */
export function parseCallback<I, T>(request: CallbackRequest, schema: z.ZodType<I[]>, toNeutral: (item: I) => T): CallbackResult<T> {
  if (!tokenMatches(request.pathToken, request.expectedToken)) return { status: 'unauthenticated' };
  const text = typeof request.body === 'string' ? request.body : request.body ? Buffer.from(request.body).toString('utf8') : '';
  if (Buffer.byteLength(text, 'utf8') > CALLBACK_LIMITS.maxBytes) return { status: 'too_large', limitBytes: CALLBACK_LIMITS.maxBytes };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { status: 'invalid', errors: [{ field: '(root)', rule: 'must be a JSON body' }] };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { status: 'invalid', errors: formatIssues(parsed.error) };
  return { status: 'ok', items: parsed.data.map(toNeutral) };
}

/**
 * A key that is the same for the same callback item however often it is posted, made from the
 * fields that identify it. Hashed, so the phone number among them never becomes a stored key.
 */
export function dedupeKey(provider: CallbackProvider, kind: 'receipt' | 'reply', fields: readonly (string | number | boolean | undefined)[]): string {
  const hash = createHash('sha256')
    .update(fields.map((f) => (f === undefined ? '' : String(f))).join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  return `${provider}:${kind}:${hash}`;
}

import { z } from 'zod';

/** What the stack writes until the office puts a platform's key in: it signs nothing. */
export const DEVICE_KEY_PLACEHOLDER = 'REPLACE_WITH_THE_PLATFORM_KEY';

/** A platform key: at least 32 random bytes, base64 (what `openssl rand -base64 32` prints). */
const keyText = z.string().refine((k) => k === DEVICE_KEY_PLACEHOLDER || (/^[A-Za-z0-9+/]+={0,2}$/.test(k) && Buffer.from(k, 'base64').length >= 32), 'must be base64 of at least 32 random bytes (openssl rand -base64 32)');

/** The device platforms' keys secret: `{"platforms": {"<platform id>": "<base64 key>"}}`. */
export const deviceKeysSchema = z.object({ platforms: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), keyText) }).strict();

/** The keys by platform id, placeholders left out; an error names the field and the rule, never a key. */
export function parseDeviceKeys(text: string): Map<string, Buffer> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('the device platform keys secret is not JSON: put {"platforms": {"<platform id>": "<base64 key>"}}');
  }
  const parsed = deviceKeysSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`the device platform keys secret is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return new Map(
    Object.entries(parsed.data.platforms)
      .filter(([, k]) => k !== DEVICE_KEY_PLACEHOLDER)
      .map(([id, k]) => [id, Buffer.from(k, 'base64')]),
  );
}

/** The secret's first value: a placeholder per configured platform. */
export function deviceKeysTemplate(platformIds: readonly string[]): { platforms: Record<string, string> } {
  return { platforms: Object.fromEntries(platformIds.map((id) => [id, DEVICE_KEY_PLACEHOLDER])) };
}

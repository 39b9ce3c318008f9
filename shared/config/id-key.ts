/**
 * The key of the keyed hash (HMAC) that turns an ID number into a stable elder id and a lookup
 * key, so the number itself is never a key. Set `TANFANG_ID_HASH_KEY` in a deployment; the
 * fallback is for local runs and tests only.
 */
export const LOCAL_ID_KEY = 'tanfang-local-development-key';

export function idKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.TANFANG_ID_HASH_KEY ?? LOCAL_ID_KEY;
}

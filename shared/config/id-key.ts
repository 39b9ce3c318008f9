/**
 * The key of the keyed hash (HMAC) that turns an ID number into a stable elder id and a lookup
 * key, so the number itself is never a key. Set `TANFANG_ID_HASH_KEY` in a deployment; the
 * fallback is for local runs and tests only.
 */
export const LOCAL_ID_KEY = 'tanfang-local-development-key';

export function idKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.TANFANG_ID_HASH_KEY ?? LOCAL_ID_KEY;
}

/**
 * In AWS the key lives in Secrets Manager (`TANFANG_ID_HASH_SECRET_ARN`), read once per
 * function instance; `fetchSecret` is injected so this stays free of the AWS SDK.
 */
export async function resolveIdKey(fetchSecret: (arn: string) => Promise<string>, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const arn = env.TANFANG_ID_HASH_SECRET_ARN;
  return arn ? fetchSecret(arn) : idKeyFromEnv(env);
}

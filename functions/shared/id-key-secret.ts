import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The ID-hash key from its Secrets Manager secret (`TANFANG_ID_HASH_SECRET_ARN`), for `resolveIdKey`. */
export async function idKeySecretValue(arn: string): Promise<string> {
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!out.SecretString) throw new Error('the ID hash key secret is empty');
  return out.SecretString;
}

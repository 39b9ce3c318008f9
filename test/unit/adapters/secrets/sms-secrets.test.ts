import 'aws-sdk-client-mock-vitest/extend';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SmsSecrets } from '../../../../shared/adapters/secrets/sms-secrets';

const sm = mockClient(SecretsManagerClient);
const KEYS_ARN = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:tanfang-sms-keys';
const TOKEN_ARN = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:tanfang-sms-callback';
const env = { TANFANG_SMS_SECRET_ARN: KEYS_ARN, TANFANG_SMS_CALLBACK_SECRET_ARN: TOKEN_ARN };
const secrets = (over: ConstructorParameters<typeof SmsSecrets>[0] = {}) => new SmsSecrets({ env, provider: new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({ region: 'cn-northwest-1' }) }), ...over });

describe('Adapter: SmsSecrets', () => {
  beforeEach(() => {
    sm.reset();
    sm.on(GetSecretValueCommand, { SecretId: KEYS_ARN }).resolves({ SecretString: JSON.stringify({ provider: 'aliyun', accessKeyId: 'LTAI5tExampleKey', accessKeySecret: 'example-secret-value' }) });
    sm.on(GetSecretValueCommand, { SecretId: TOKEN_ARN }).resolves({ SecretString: 'Q'.repeat(48) });
  });

  it('reads the keys from the secret the stack names, once per function instance', async () => {
    const reader = secrets();
    expect(await reader.credentials('aliyun')).toEqual({ provider: 'aliyun', accessKeyId: 'LTAI5tExampleKey', accessKeySecret: 'example-secret-value' });
    await reader.credentials('aliyun');
    await reader.credentials('aliyun');
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: KEYS_ARN });
  });

  it('reads the callback token from its own secret', async () => {
    expect(await secrets().callbackToken()).toBe('Q'.repeat(48));
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: TOKEN_ARN });
  });

  it('never falls back to keys in plain environment variables', async () => {
    const reader = secrets({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKey', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'plain' } });
    await expect(reader.credentials('aliyun')).rejects.toThrow(/TANFANG_SMS_SECRET_ARN is not set/);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  it('names the bad field of a secret for another provider, without the values', async () => {
    const error = await secrets()
      .credentials('tencent')
      .catch((e: Error) => e);
    expect((error as Error).message).toBe('SMS credentials secret is invalid: provider: must be "tencent", the region\'s SMS provider');
    expect((error as Error).message).not.toContain('example-secret-value');
  });
});

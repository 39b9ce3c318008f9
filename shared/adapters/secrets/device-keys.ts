import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { parseDeviceKeys } from '../../config/device-keys';
import type { DeviceKeyring } from '../http/device-signature';
import { SECRET_MAX_AGE_SECONDS } from './sms-secrets';

/** The variable naming the device platforms' keys secret (set by the stack; never the keys). */
export const DEVICE_KEYS_SECRET_ENV = 'TANFANG_DEVICE_KEYS_SECRET_ARN';

/**
 * The device platforms' keys from Secrets Manager, cached per function instance (a key put in
 * reaches every instance within 15 minutes); a platform whose key is still the placeholder
 * signs nothing.
 */
export function secretsDeviceKeyring(options: { env?: NodeJS.ProcessEnv; provider?: SecretsProvider } = {}): DeviceKeyring {
  const env = options.env ?? process.env;
  const secrets = options.provider ?? new SecretsProvider({ clientConfig: { maxAttempts: 3 } });
  return async (platformId) => {
    const arn = env[DEVICE_KEYS_SECRET_ENV];
    if (!arn) throw new Error(`${DEVICE_KEYS_SECRET_ENV} is not set: the stack names the device keys secret in this variable`);
    const value = await secrets.get(arn, { maxAge: SECRET_MAX_AGE_SECONDS });
    if (typeof value !== 'string') throw new Error(`the secret named by ${DEVICE_KEYS_SECRET_ENV} has no string value`);
    return parseDeviceKeys(value).get(platformId);
  };
}

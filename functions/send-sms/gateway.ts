import { createAliyunSmsGateway } from '../../shared/adapters/aliyun/aliyun-sms-gateway';
import { SmsSecrets } from '../../shared/adapters/secrets/sms-secrets';
import { createSnsSmsGateway } from '../../shared/adapters/sns/sns-sms-gateway';
import { createTencentSmsGateway } from '../../shared/adapters/tencent/tencent-sms-gateway';
import type { RegionConfig } from '../../shared/config/region-config';
import { aliyunSmsSettingsSchema } from '../../shared/config/sms-providers';
import type { SmsGateway } from '../../shared/domain/sms/provider';

/**
 * The SMS provider a deployed region sends through, chosen by `sms.provider`. A domestic
 * provider's keys are read from the credentials secret (cached per instance, so keys rotated in
 * the secret are picked up within its cache time); placeholders still in the secret stop the
 * sender with the field named, and nothing is sent.
 */
export async function gatewayFor(config: RegionConfig, secrets: Pick<SmsSecrets, 'credentials'>): Promise<SmsGateway> {
  const { sms } = config;
  switch (sms.provider) {
    case 'sns':
      return createSnsSmsGateway(config.aws.region);
    case 'aliyun':
      return createAliyunSmsGateway({ credentials: await secrets.credentials('aliyun'), settings: sms.aliyun ?? aliyunSmsSettingsSchema.parse({}) });
    case 'tencent':
      // Region config validation makes the tencent block required for a Tencent region.
      if (!sms.tencent) throw new Error('sms.tencent is required when the provider is tencent: give at least its sdkAppId');
      return createTencentSmsGateway({ credentials: await secrets.credentials('tencent'), settings: sms.tencent });
    case 'local':
      throw new Error('sms.provider "local" writes a file on the machine that runs tanfang; a deployed region needs a real SMS provider');
  }
}

/** One reader per function instance: Powertools caches the secret between invocations. */
export const lambdaSecrets = (): SmsSecrets => new SmsSecrets();

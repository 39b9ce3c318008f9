import { createSnsSmsGateway } from '../../shared/adapters/sns/sns-sms-gateway';
import type { RegionConfig } from '../../shared/config/region-config';
import type { SmsGateway } from '../../shared/domain/sms/provider';

/**
 * The SMS provider a deployed region sends through, chosen by `sms.provider`. The Aliyun and
 * Tencent Cloud adapters (shared/adapters/aliyun, shared/adapters/tencent, with credentials
 * from Secrets Manager) are wired here by their own change; until then such a region's sender
 * refuses to start, naming the provider, rather than send nothing quietly.
 */
export function gatewayFor(config: RegionConfig): SmsGateway {
  switch (config.sms.provider) {
    case 'sns':
      return createSnsSmsGateway(config.aws.region);
    case 'local':
      throw new Error('sms.provider "local" writes a file on the machine that runs tanfang; a deployed region needs a real SMS provider');
    case 'aliyun':
    case 'tencent':
      throw new Error(`sms.provider "${config.sms.provider}": this build has no ${config.sms.provider} gateway wired into send-sms yet`);
  }
}

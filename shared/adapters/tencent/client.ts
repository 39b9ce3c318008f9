import type { Agent } from 'node:http';
import type { ClientConfig } from 'tencentcloud-sdk-nodejs-common';
// Only the SMS 2021-01-11 client: the package index would pull the 2019 API in too.
import { Client } from 'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_client';
import type { TencentCredentials } from '../../config/sms-credentials';
import type { TencentSmsSettings } from '../../config/sms-providers';

export type TencentSmsClient = Client;

export interface TencentClientOptions {
  credentials: Pick<TencentCredentials, 'secretId' | 'secretKey'>;
  settings: TencentSmsSettings;
  /**
   * Tests only: plain http and an agent that connects to a loopback server, so requests keep
   * the real host name (it is signed, and names the service in the TC3 credential scope).
   */
  transport?: { protocol: 'http://'; agent: Agent };
}

/**
 * A Tencent SMS client signing with TC3-HMAC-SHA256. The SDK makes one request per call (it has
 * no retry), which is what a non-idempotent SendSms needs; `reqTimeout` bounds the whole exchange.
 */
export function createTencentSmsClient(options: TencentClientOptions): TencentSmsClient {
  const { settings, transport } = options;
  const config: ClientConfig = {
    credential: { secretId: options.credentials.secretId, secretKey: options.credentials.secretKey },
    region: settings.region,
    profile: {
      signMethod: 'TC3-HMAC-SHA256',
      httpProfile: {
        reqMethod: 'POST',
        endpoint: settings.endpoint,
        protocol: transport?.protocol ?? 'https://',
        reqTimeout: settings.timeoutSeconds,
        ...(transport ? { agent: transport.agent } : {}),
      },
    },
  };
  return new Client(config);
}

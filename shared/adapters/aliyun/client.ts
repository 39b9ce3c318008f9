import * as dysmsapi from '@alicloud/dysmsapi20170525';
import type { $OpenApiUtil } from '@alicloud/openapi-core';
import type { AliyunCredentials } from '../../config/sms-credentials';
import type { AliyunSmsSettings } from '../../config/sms-providers';

export type AliyunSmsClient = InstanceType<typeof dysmsapi.default>;
export const { SendSmsRequest } = dysmsapi;

/**
 * The SDK is CommonJS with `exports.default = Client`. TypeScript's bundler resolution reads
 * `default` as the class; Node and esbuild (package type: module) hand an ES module importer
 * `module.exports` as `default`, so the class is one level further down there.
 */
function clientClass(): typeof dysmsapi.default {
  const exported = dysmsapi.default as unknown as typeof dysmsapi.default | { default: typeof dysmsapi.default };
  return typeof exported === 'function' ? exported : exported.default;
}

export interface AliyunClientOptions {
  credentials: Pick<AliyunCredentials, 'accessKeyId' | 'accessKeySecret'>;
  settings: AliyunSmsSettings;
  /** `http` is for tests on loopback only; the provider is always reached over https. */
  protocol?: 'https' | 'http';
}

/**
 * A dysmsapi client that tries each call once: the Darabonba core retries only when
 * `retryOptions` says so, and none is given, because SendSms is not idempotent (Aliyun's own
 * API notes say so) and a timed-out call may already have gone to the carrier.
 */
export function createAliyunSmsClient(options: AliyunClientOptions): AliyunSmsClient {
  const { settings } = options;
  const config: Partial<$OpenApiUtil.Config> = {
    accessKeyId: options.credentials.accessKeyId,
    accessKeySecret: options.credentials.accessKeySecret,
    endpoint: settings.endpoint,
    regionId: settings.regionId,
    protocol: options.protocol ?? 'https',
    connectTimeout: settings.connectMs,
    readTimeout: settings.readMs,
  };
  const Client = clientClass();
  return new Client(config as $OpenApiUtil.Config);
}

import { z } from 'zod';
import type { FieldIssue } from '../domain/validation';
import type { SmsProviderId } from '../domain/sms/provider';

const hostUnder = (domain: string, example: string) => z.string().regex(new RegExp(`^([a-z0-9-]+\\.)+${domain.replaceAll('.', '\\.')}$`), `must be a host name under ${domain}, e.g. ${example}`);

/**
 * Aliyun SMS settings that are not secret (the keys live in the credentials secret). The
 * defaults are Aliyun's mainland endpoint; `connectMs`/`readMs` bound one SendSms call (Aliyun
 * advises at least 1 s for mainland SMS; a call that runs out of time is "delivery unknown").
 */
export const aliyunSmsSettingsSchema = z
  .object({
    endpoint: hostUnder('aliyuncs.com', 'dysmsapi.aliyuncs.com').default('dysmsapi.aliyuncs.com'),
    regionId: z
      .string()
      .regex(/^cn-[a-z]+(-[a-z0-9]+)*$/, 'must be an Aliyun mainland region id, e.g. cn-hangzhou')
      .default('cn-hangzhou'),
    connectMs: z.number().int().min(200).max(10_000).default(3_000),
    readMs: z.number().int().min(1_000).max(30_000).default(10_000),
  })
  .strict();
export type AliyunSmsSettings = z.output<typeof aliyunSmsSettingsSchema>;

/** Regions Tencent Cloud SMS (API 2021-01-11) serves. */
export const TENCENT_SMS_REGIONS = ['ap-guangzhou', 'ap-beijing', 'ap-nanjing'] as const;

/** Tencent Cloud SMS settings that are not secret; `sdkAppId` comes from the SMS console (应用管理). */
export const tencentSmsSettingsSchema = z
  .object({
    sdkAppId: z.string().regex(/^\d{10}$/, 'must be the 10-digit SmsSdkAppId from the SMS console, e.g. 1400006666'),
    region: z.enum(TENCENT_SMS_REGIONS, { error: `must be one of ${TENCENT_SMS_REGIONS.join(', ')}` }).default('ap-guangzhou'),
    endpoint: hostUnder('tencentcloudapi.com', 'sms.tencentcloudapi.com').default('sms.tencentcloudapi.com'),
    timeoutSeconds: z.number().int().min(1).max(30).default(10),
  })
  .strict();
export type TencentSmsSettings = z.output<typeof tencentSmsSettingsSchema>;

/** The provider blocks, for the region config's `sms` object: `"aliyun": {…}` or `"tencent": {…}`. */
export const smsProviderSettingsSchema = z.object({ aliyun: aliyunSmsSettingsSchema.optional(), tencent: tencentSmsSettingsSchema.optional() }).strict();
export type SmsProviderSettings = z.output<typeof smsProviderSettingsSchema>;

/**
 * The issue, if any, of a region whose provider needs a settings block it lacks (Tencent needs
 * its SdkAppId; Aliyun's defaults suffice) or that carries the other provider's block.
 * `path` is where the blocks sit, e.g. `['sms']`.
 */
export function providerSettingsIssue(provider: SmsProviderId, settings: SmsProviderSettings, path: readonly string[] = ['sms']): FieldIssue | undefined {
  const at = (key: string) => [...path, key].join('.');
  if (provider === 'tencent' && !settings.tencent) return { field: at('tencent'), rule: 'required when the provider is tencent: give at least its sdkAppId' };
  for (const other of ['aliyun', 'tencent'] as const) {
    if (other !== provider && settings[other]) return { field: at(other), rule: `set for ${other}, but the provider is ${provider}` };
  }
  return undefined;
}

import { describe, expect, it } from 'vitest';
import { aliyunSmsSettingsSchema, providerSettingsIssue, smsProviderSettingsSchema, tencentSmsSettingsSchema } from '../../../shared/config/sms-providers';
import { formatIssues } from '../../../shared/domain/validation';

const issues = (result: { success: boolean; error?: unknown }) => (result.success ? [] : formatIssues(result.error as never));

describe('SMS provider settings (not secret)', () => {
  it('gives Aliyun its mainland endpoint and timeouts by default', () => {
    expect(aliyunSmsSettingsSchema.parse({})).toEqual({ endpoint: 'dysmsapi.aliyuncs.com', regionId: 'cn-hangzhou', connectMs: 3000, readMs: 10_000 });
  });

  it('refuses an Aliyun endpoint outside aliyuncs.com, so signed requests cannot be pointed elsewhere by a typo', () => {
    expect(issues(aliyunSmsSettingsSchema.safeParse({ endpoint: 'dysmsapi.example.com' }))).toMatchObject([{ field: 'endpoint', rule: 'must be a host name under aliyuncs.com, e.g. dysmsapi.aliyuncs.com' }]);
  });

  it('needs Tencent’s 10-digit SdkAppId and defaults the region to Guangzhou', () => {
    expect(tencentSmsSettingsSchema.parse({ sdkAppId: '1400006666' })).toEqual({ sdkAppId: '1400006666', region: 'ap-guangzhou', endpoint: 'sms.tencentcloudapi.com', timeoutSeconds: 10 });
    expect(issues(tencentSmsSettingsSchema.safeParse({ sdkAppId: '14000' }))).toMatchObject([{ field: 'sdkAppId', rule: 'must be the 10-digit SmsSdkAppId from the SMS console, e.g. 1400006666' }]);
    expect(issues(tencentSmsSettingsSchema.safeParse({ sdkAppId: '1400006666', region: 'ap-shanghai' }))).toMatchObject([{ field: 'region', rule: 'must be one of ap-guangzhou, ap-beijing, ap-nanjing' }]);
  });

  it('refuses an unknown field in a provider block', () => {
    expect(issues(smsProviderSettingsSchema.safeParse({ tencent: { sdkAppId: '1400006666', secretKey: 'x' } }))[0]!.field).toBe('tencent');
  });

  it('asks for the Tencent block when the provider is tencent, and refuses the other provider’s block', () => {
    expect(providerSettingsIssue('tencent', {})).toMatchObject({ field: 'sms.tencent', rule: 'required when the provider is tencent: give at least its sdkAppId' });
    expect(providerSettingsIssue('aliyun', smsProviderSettingsSchema.parse({ tencent: { sdkAppId: '1400006666' } }))).toMatchObject({ field: 'sms.tencent', rule: 'set for tencent, but the provider is aliyun' });
    expect(providerSettingsIssue('aliyun', {})).toBeUndefined();
    expect(providerSettingsIssue('sns', {})).toBeUndefined();
  });
});

import type { SmsProviderId } from './provider';

/**
 * How fast each provider takes requests, as its API reference states it. The sender starts at
 * most `sms.sendsPerSecond` calls a second with at most `sms.concurrency` in flight; a region
 * config asking for more than the provider allows fails synth, naming the field.
 * - Aliyun SendSms: ≤ 1,000 numbers per call for one text, 5,000 calls a second per account
 *   (SendSms / SendBatchSms, QPS 限制 5000/秒).
 * - Tencent Cloud SendSms: ≤ 200 numbers per call, 3,000 requests a second by default (默认接口请求频率限制).
 * - SNS Publish: one number per call, 20 SMS a second by default per account.
 * - The local file: as fast as the disk; capped so a typo is caught.
 */
export const PROVIDER_RATE: Record<SmsProviderId, { requestsPerSecond: number; numbersPerCall: number }> = {
  aliyun: { requestsPerSecond: 5000, numbersPerCall: 1000 },
  tencent: { requestsPerSecond: 3000, numbersPerCall: 200 },
  sns: { requestsPerSecond: 20, numbersPerCall: 1 },
  local: { requestsPerSecond: 1000, numbersPerCall: 100 },
};

/** The sender's rate settings a region asks for that its provider does not allow. */
export function rateIssues(sms: { provider: SmsProviderId; sendsPerSecond: number; concurrency: number }): { field: string; rule: string }[] {
  const limit = PROVIDER_RATE[sms.provider];
  const issues: { field: string; rule: string }[] = [];
  if (sms.sendsPerSecond > limit.requestsPerSecond) {
    issues.push({ field: 'sms.sendsPerSecond', rule: `must be at most ${limit.requestsPerSecond}: ${sms.provider} takes no more requests a second` });
  }
  // More calls in flight than starts a second cannot be used: each call takes well under a second.
  if (sms.concurrency > sms.sendsPerSecond) {
    issues.push({ field: 'sms.concurrency', rule: `must be at most sms.sendsPerSecond (${sms.sendsPerSecond}): more calls in flight than calls started a second only wait for their slot` });
  }
  return issues;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGION_CONFIG_DIR, resolveRegion } from '../../../shared/config/load';
import { ValidationError } from '../../../shared/domain/validation';
import { exampleTemplateCodes } from '../../helpers/template-codes';

const withSms = (sms: Record<string, unknown>) => {
  const c = JSON.parse(readFileSync(join(REGION_CONFIG_DIR, 'sichuan.json'), 'utf8')) as { sms: Record<string, unknown> };
  Object.assign(c.sms, sms);
  return c;
};

function issues(raw: unknown): string[] {
  try {
    resolveRegion(raw, 'test config');
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.map((i) => `${i.field}: ${i.rule}`);
  }
}

describe('Region config: the sender\'s rate (sms.sendsPerSecond, sms.concurrency)', () => {
  it('accepts Aliyun at its documented 5,000 calls a second with 64 in flight', () => {
    expect(issues(withSms({ sendsPerSecond: 5000, concurrency: 64 }))).toEqual([]);
  });

  it('refuses Tencent above its 3,000 requests a second, naming the field', () => {
    const found = issues(withSms({ provider: 'tencent', tencent: { sdkAppId: '1400006666' }, templateCodes: exampleTemplateCodes('tencent'), sendsPerSecond: 4000 }));
    expect(found).toEqual(['sms.sendsPerSecond: must be at most 3000: tencent takes no more requests a second']);
  });

  it('refuses SNS above 20 a second (in a synthetic-data region outside China, where SNS sends SMS)', () => {
    const raw = { ...withSms({ provider: 'sns', templateCodes: {}, sendsPerSecond: 50, concurrency: 1 }), aws: { region: 'ap-southeast-1', syntheticDataOnly: true } };
    expect(issues(raw)).toContain('sms.sendsPerSecond: must be at most 20: sns takes no more requests a second');
  });

  it('refuses more calls in flight than calls started a second', () => {
    expect(issues(withSms({ sendsPerSecond: 10, concurrency: 11 }))).toEqual([
      'sms.concurrency: must be at most sms.sendsPerSecond (10): more calls in flight than calls started a second only wait for their slot',
    ]);
  });

  it('refuses a concurrency of 0, a fraction, or a string', () => {
    for (const concurrency of [0, 2.5, '8']) expect(issues(withSms({ concurrency }))[0]).toMatch(/^sms\.concurrency: /);
  });
});

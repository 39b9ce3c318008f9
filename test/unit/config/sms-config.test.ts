import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGION_CONFIG_DIR, resolveRegion } from '../../../shared/config/load';
import { phoneLimitsOf, regionTemplate, requiredTemplates } from '../../../shared/config/sms-config';
import { TEMPLATE_IDS } from '../../../shared/domain/sms/catalogue';
import { exampleTemplateCodes } from '../../helpers/template-codes';
import { ValidationError } from '../../../shared/domain/validation';
import { loadPolicy } from '../../../shared/policies/load';

const base = () => JSON.parse(readFileSync(join(REGION_CONFIG_DIR, 'sichuan.json'), 'utf8')) as { sms: Record<string, unknown>; policy: string };
const codes = (prefix: 'SMS_' | '', ids: readonly string[] = TEMPLATE_IDS) => exampleTemplateCodes(prefix === 'SMS_' ? 'aliyun' : 'tencent', ids);
const withSms = (sms: Record<string, unknown>, policy?: string) => {
  const c = base();
  Object.assign(c.sms, sms);
  if (policy) c.policy = policy;
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

describe('Region config: SMS templates, budgets and windows', () => {
  it('accepts a domestic provider once every template the region sends has a code', () => {
    expect(issues(withSms({ provider: 'aliyun', templateCodes: codes('SMS_') }))).toEqual([]);
    expect(issues(withSms({ provider: 'tencent', tencent: { sdkAppId: '1400006666' }, templateCodes: codes('') }))).toEqual([]);
  });

  it('fails naming the template a region sends without a code, and says why it sends it', () => {
    const ids = TEMPLATE_IDS.filter((id) => id !== 'weather_family_heat' && id !== 'assignment_digest');
    const found = issues(withSms({ provider: 'aliyun', inviteReplies: [], templateCodes: codes('SMS_', ids) }));
    expect(found).toContainEqual(expect.stringMatching(/^sms\.templateCodes\.assignment_digest: is required \(every deployment sends it\): file the template with aliyun \(tanfang sms templates --region sichuan\)/));
    expect(found).toContainEqual(expect.stringMatching(/^sms\.templateCodes\.weather_family_heat: is required \(policy sichuan rule warning-key-home-24h tells visitors and families\)/));
    expect(found).toHaveLength(2);
  });

  it('asks for the versions inviting a reply once a region switches a meaning on, keeping the old ones selectable', () => {
    const ids = TEMPLATE_IDS.filter((id) => id !== 'weather_family_heat_reply' && id !== 'weather_family_heat');
    const found = issues(withSms({ provider: 'aliyun', inviteReplies: ['family'], templateCodes: codes('SMS_', ids) }));
    expect(found).toEqual([
      expect.stringMatching(/^sms\.templateCodes\.weather_family_heat_reply: is required \(policy sichuan rule warning-key-home-24h tells visitors and families, in the version inviting a reply \(sms\.inviteReplies\)\)/),
    ]);
    // Switched back off, the old template is the one asked for.
    expect(issues(withSms({ provider: 'aliyun', inviteReplies: [], templateCodes: codes('SMS_', ids) }))).toEqual([expect.stringMatching(/^sms\.templateCodes\.weather_family_heat: is required/)]);
    expect(issues(withSms({ provider: 'aliyun', inviteReplies: ['family', 'family'], templateCodes: codes('SMS_') }))).toEqual(['sms.inviteReplies: must not repeat a meaning']);
  });

  it('needs no family weather templates where the policy never tells families of a warning', () => {
    const policy = loadPolicy('sichuan');
    const quiet = { ...policy, specialPeriods: policy.specialPeriods.map((r) => ({ ...r, notify: { ...r.notify, family: false } })) };
    expect([...requiredTemplates(quiet).keys()].filter((id) => id.startsWith('weather_family'))).toEqual([]);
    expect([...requiredTemplates(policy).keys()]).toContain('weather_family_cold');
  });

  it('fails a code the provider could not have issued, and an id that is not in the catalogue', () => {
    const found = issues(withSms({ provider: 'aliyun', templateCodes: { ...codes('SMS_'), reassignment: '12345', typo_digest: 'SMS_123456' } }));
    expect(found).toContainEqual('sms.templateCodes.reassignment: must be an Aliyun TemplateCode such as SMS_154950909');
    expect(found).toContainEqual('sms.templateCodes.typo_digest: no template "typo_digest" in the catalogue (tanfang sms templates --region sichuan lists them)');
  });

  it("fails a filed text that breaks the provider's rules or changes the variables, naming the template", () => {
    const found = issues(
      withSms({
        provider: 'tencent',
        tencent: { sdkAppId: '1400006666' },
        templateCodes: codes(''),
        templateTexts: {
          reassignment: '【改派】一项探访任务改由您负责，对象${elder}${village}，请于${dueDate}前${method}探访。',
          follow_up: '跟踪回访通知：请于${dueDate}前完成${village}的回访并在探访系统中记录。',
        },
      }),
    );
    expect(found).toContainEqual(expect.stringMatching(/^sms\.templateTexts\.reassignment: template reassignment breaks tencent's rules: text: must not contain 【 or 】/));
    expect(found).toContainEqual(expect.stringMatching(/^sms\.templateTexts\.reassignment: template reassignment breaks tencent's rules: variables\.elder: must not stand next to \$\{village\}/));
    expect(found).toContainEqual('sms.templateTexts.follow_up: variables.elder: is declared but the text never uses it');
  });

  it('sends the filed text when the reviewer asked for other wording', () => {
    const text = '改派通知：请于${dueDate}前${method}探访${village}的${elder}，并在探访系统中记录。';
    const runtime = resolveRegion(withSms({ provider: 'aliyun', templateCodes: codes('SMS_'), templateTexts: { reassignment: text } }), 'test config');
    expect(regionTemplate(runtime.config.sms, 'reassignment').text).toBe(text);
  });

  it('refuses a per-phone cap on urgent kinds, and digest windows out of order', () => {
    expect(issues(withSms({ perPhone: { perKind: { emergency: 2 } } }))).toContainEqual('sms.perPhone.perKind.emergency: emergency messages are urgent and are never held back per phone; remove the cap');
    expect(issues(withSms({ escalationWindows: ['15:00', '09:00'] }))).toContainEqual('sms.escalationWindows: must be ascending times without repeats, e.g. ["09:00", "15:00"]');
    expect(issues(withSms({ escalationWindows: ['9:00'] }))).toContainEqual('sms.escalationWindows.0: must be a 24-hour time HH:MM');
    expect(issues(withSms({ perPhone: { perDay: 0 } }))[0]).toMatch(/^sms\.perPhone\.perDay: /);
    expect(issues(withSms({ perPhone: { perKind: { sometimes: 1 } } }))).toEqual(['sms.perPhone.perKind: Unrecognized key: "sometimes"']);
  });

  it("defaults per-phone limits under the provider's: Tencent 2 a day, others 10, one escalation per window", () => {
    const sichuan = resolveRegion(withSms({ perPhone: {}, escalationWindows: undefined }), 'test config').config.sms;
    expect(phoneLimitsOf(sichuan)).toEqual({ perDay: 10, perKind: { assignment_digest: 1, reassignment: 3, follow_up: 3, weather_notice: 3, festival_notice: 2, ledger_review: 3, event_notice: 3, escalation: 2 }, identicalSeconds: 30 });
    expect(phoneLimitsOf({ ...sichuan, provider: 'tencent' }).perDay).toBe(2);
    expect(phoneLimitsOf({ ...sichuan, escalationWindows: ['08:30', '12:00', '16:30'], perPhone: { perDay: 20, perKind: { reassignment: 5 }, identicalSeconds: 60 } })).toMatchObject({
      perDay: 20,
      perKind: { escalation: 3, reassignment: 5 },
      identicalSeconds: 60,
    });
    expect(sichuan.escalationWindows).toEqual(['09:00', '15:00']);
  });

  it('still refuses SNS in the China partition, and lets a domestic provider there', () => {
    const china = (sms: Record<string, unknown>) => ({ ...withSms(sms), aws: { region: 'cn-northwest-1' } });
    expect(issues(china({ provider: 'sns' }))).toContainEqual(expect.stringMatching(/^sms\.provider: SNS cannot send SMS in the AWS China partition/));
    expect(issues(china({ provider: 'aliyun', templateCodes: codes('SMS_') }))).toEqual([]);
  });

  it("needs Tencent Cloud's SdkAppId for a Tencent region, and no other provider's settings", () => {
    expect(issues(withSms({ provider: 'tencent', templateCodes: codes('') }))).toContainEqual('sms.tencent: required when the provider is tencent: give at least its sdkAppId');
    expect(issues(withSms({ aliyun: {}, tencent: { sdkAppId: '1400006666' } }))).toContainEqual('sms.tencent: set for tencent, but the provider is aliyun');
  });
});

describe("Region config: the sender's rate (sms.sendsPerSecond, sms.concurrency)", () => {
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
    expect(issues(withSms({ sendsPerSecond: 10, concurrency: 11 }))).toEqual(['sms.concurrency: must be at most sms.sendsPerSecond (10): more calls in flight than calls started a second only wait for their slot']);
  });

  it('refuses a concurrency of 0, a fraction, or a string', () => {
    for (const concurrency of [0, 2.5, '8']) expect(issues(withSms({ concurrency }))[0]).toMatch(/^sms\.concurrency: /);
  });
});

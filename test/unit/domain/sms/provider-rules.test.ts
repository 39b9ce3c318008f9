import { describe, expect, it } from 'vitest';
import { PROVIDER_RULES, providerIssues, structureIssues } from '../../../../shared/domain/sms/provider-rules';
import type { SmsTemplate, TemplateVariable } from '../../../../shared/domain/sms/template';

const v = (name: string, maxLength = 6): TemplateVariable => ({ name, type: 'place', maxLength, description: name });
const ok: Pick<SmsTemplate, 'text' | 'variables'> = { text: '您负责的${village}有新的探访任务，请登录探访系统查看。', variables: [v('village')] };
const issues = (t: Pick<SmsTemplate, 'text' | 'variables'>, provider: 'aliyun' | 'tencent' = 'aliyun', signature = '【成华民政】') => [...structureIssues(t), ...providerIssues(t, PROVIDER_RULES[provider], signature)];
const fields = (t: Pick<SmsTemplate, 'text' | 'variables'>, provider: 'aliyun' | 'tencent' = 'aliyun') => issues(t, provider).map((i) => `${i.field}: ${i.rule}`);

describe('Provider template rules', () => {
  it('accepts a plain notification template', () => {
    expect(issues(ok)).toEqual([]);
    expect(issues(ok, 'tencent')).toEqual([]);
  });

  it('refuses 【】 in the template: the signature goes there', () => {
    expect(fields({ ...ok, text: `【通知】${ok.text}` })).toContainEqual(expect.stringMatching(/^text: must not contain 【 or 】/));
  });

  it('refuses two variables side by side', () => {
    const t = { text: '您负责的${village}${elder}有新的探访任务，请登录探访系统查看。', variables: [v('village'), v('elder')] };
    expect(fields(t)).toContainEqual('variables.village: must not stand next to ${elder}: put fixed text between two variables');
    expect(fields(t, 'tencent')).toContainEqual(expect.stringMatching(/^variables\.village: must not stand next to/));
  });

  it('refuses a phone number or a link built from variables', () => {
    expect(fields({ ...ok, text: '请拨打186${village}咨询探访任务，请登录探访系统查看。' })).toContainEqual(expect.stringMatching(/^variables\.village: must not be joined to letters, digits/));
    expect(fields({ ...ok, text: '请访问www.${village}.cn查看探访任务，请登录探访系统查看。' })).toContainEqual(expect.stringMatching(/^variables\.village: must not be joined/));
    expect(fields({ ...ok, text: `${ok.text}详见www.example.cn` })).toContainEqual(expect.stringMatching(/^text: must not contain a link/));
    expect(fields({ ...ok, text: `${ok.text}电话13812345678` })).toContainEqual('text: must not contain a mobile phone number');
  });

  it('refuses a variable longer than the provider allows (Aliyun 35, Tencent 6)', () => {
    expect(fields({ ...ok, variables: [v('village', 36)] })).toContainEqual('variables.village.maxLength: at most 35 characters with aliyun, got 36');
    expect(fields({ ...ok, variables: [v('village', 7)] }, 'tencent')).toContainEqual('variables.village.maxLength: at most 6 characters with tencent, got 7');
    expect(issues({ ...ok, variables: [v('village', 7)] })).toEqual([]);
  });

  it('refuses more than 20 variables', () => {
    const names = Array.from({ length: 21 }, (_, i) => `v${i}`);
    const t = { text: names.map((n) => `第\${${n}}项探访任务已到期，`).join(''), variables: names.map((n) => v(n, 1)) };
    expect(fields(t)).toContainEqual('variables: at most 20 variables, got 21');
  });

  it('refuses a template of (almost) only variables', () => {
    expect(fields({ text: '通知：${village}', variables: [v('village')] })).toContainEqual(expect.stringMatching(/^text: needs at least 10 characters of fixed text/));
  });

  it('refuses special symbols providers cannot send, and [ ] at either end', () => {
    expect(fields({ ...ok, text: `★${ok.text}` })).toContainEqual(expect.stringMatching(/^text: must not contain the special symbol "★"/));
    expect(fields({ ...ok, text: `[通知]${ok.text}` })).toContainEqual('text: must not start or end with [ or ]');
  });

  it('refuses a text longer than 500 characters with signature and variables at their longest', () => {
    expect(fields({ ...ok, text: `${ok.text}${'请按时探访。'.repeat(82)}` })).toContainEqual(expect.stringMatching(/^text: at most 500 characters .* got 5\d\d$/));
  });

  it('refuses a variable used twice, one never used, one not declared, and reserved names', () => {
    expect(fields({ ...ok, text: `${ok.text}再次提醒\${village}。` })).toContainEqual('variables.village: must appear exactly once in the text (a provider allows each variable once)');
    expect(fields({ ...ok, variables: [v('village'), v('elder')] })).toContainEqual('variables.elder: is declared but the text never uses it');
    expect(fields({ ...ok, text: `${ok.text}对象\${elder}。` })).toContainEqual(expect.stringMatching(/^text: uses \$\{elder\}, which is not one of the template's variables/));
    expect(fields({ text: '您负责的${mobile}有新的探访任务，请登录探访系统查看。', variables: [v('mobile')] })).toContainEqual(expect.stringMatching(/^variables\.mobile: a variable name must be/));
  });

  it('refuses a stray $ or brace outside a variable', () => {
    expect(fields({ ...ok, text: `${ok.text}{备注}` })).toContainEqual('text: has a $, { or } outside a ${name} variable');
  });

  it("knows each provider's template code", () => {
    expect(PROVIDER_RULES.aliyun.code.pattern.test('SMS_154950909')).toBe(true);
    expect(PROVIDER_RULES.aliyun.code.pattern.test('154950909')).toBe(false);
    expect(PROVIDER_RULES.tencent.code.pattern.test('1234567')).toBe(true);
    expect(PROVIDER_RULES.tencent.code.pattern.test('SMS_1')).toBe(false);
  });
});

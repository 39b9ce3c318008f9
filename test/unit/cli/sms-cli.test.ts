import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueText } from '../../../cli/sms-catalogue-text';
import { REGION_CONFIG_DIR, resolveRegion } from '../../../shared/config/load';
import { CATALOGUE, TEMPLATE_IDS } from '../../../shared/domain/sms/catalogue';
import { cli } from '../../helpers/cli';

describe('CLI: tanfang sms templates', () => {
  it('prints one JSON line per template with its variables written ${name}', async () => {
    const r = await cli(['sms', 'templates', '--region', 'sichuan', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; kind: string; text: string; variables: { name: string; type: string; maxLength: number }[] });
    expect(lines.map((l) => l.id)).toEqual(CATALOGUE.map((t) => t.id));
    expect(lines[0]).toEqual({
      id: 'assignment_digest',
      kind: 'assignment_digest',
      text: '新增探访任务${count}项，其中${home}项需上门入户，最早一项须在${firstDue}前完成。请登录探访系统查看任务，按时探访并如实记录。',
      variables: [
        { name: 'count', type: 'count', maxLength: 4 },
        { name: 'home', type: 'count', maxLength: 4 },
        { name: 'firstDue', type: 'date', maxLength: 6 },
      ],
    });
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['id', 'kind', 'text', 'variables']);
      for (const v of l.variables) expect(l.text).toContain(`\${${v.name}}`);
    }
  });

  it('prints the filing form: name, type, text, each variable with its type and limit, and a sample', async () => {
    const r = await cli(['sms', 'templates', '--region', 'sichuan']);
    expect(r.code).toBe(0);
    // Sichuan files with Aliyun: ${name} variables and Aliyun's 变量属性 for each.
    expect(r.stdout).toContain('服务商 aliyun（阿里云短信服务 国内消息 > 模板管理（通知短信））');
    expect(r.stdout).toContain('探访任务通知  [assignment_digest]  通知短信  已登记，模板编号 SMS_465000100');
    expect(r.stdout).toContain('  模板内容：新增探访任务${count}项');
    expect(r.stdout).toMatch(/\$\{count\}\s+仅数字\s+1–4字 {2}新增任务数/);
    expect(r.stdout).toMatch(/\$\{firstDue\}\s+时间\s+1–6字 {2}最早截止日期/);
    expect(r.stdout).toContain('  示例：【成华民政】新增探访任务12项，其中3项需上门入户，最早一项须在11月16日前完成。');
    expect(r.stdout).toContain('  申请说明：');
  });

  it('refuses an unknown region and a missing one', async () => {
    expect(await cli(['sms', 'templates', '--region', 'atlantis'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown region "atlantis"') });
    expect(await cli(['sms', 'templates'])).toMatchObject({ code: 2, stderr: expect.stringContaining("required option '--region <name>' not specified") });
    expect(await cli(['sms', 'nonsense'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown command 'nonsense'") });
    expect(await cli(['sms', 'templats', '--region', 'sichuan'])).toMatchObject({ code: 2, stderr: expect.stringContaining('(Did you mean templates?)') });
  });

  it('writes the text as Tencent Cloud files it ({1} {2} …) and says which templates still need a code', () => {
    const raw = JSON.parse(readFileSync(join(REGION_CONFIG_DIR, 'sichuan.json'), 'utf8')) as { sms: Record<string, unknown> };
    Object.assign(raw.sms, {
      provider: 'tencent',
      tencent: { sdkAppId: '1400006666' },
      inviteReplies: [],
      templateCodes: Object.fromEntries(TEMPLATE_IDS.filter((id) => id !== 'festival_family').map((id, i) => [id, String(1_000_000 + i)])),
    });
    const runtime = resolveRegion({ ...raw, sms: { ...raw.sms, templateCodes: { ...(raw.sms.templateCodes as object), festival_family: '1000099' } } }, 'test config');
    const text = catalogueText({ ...runtime, config: { ...runtime.config, sms: { ...runtime.config.sms, templateCodes: Object.fromEntries(Object.entries(runtime.config.sms.templateCodes).filter(([id]) => id !== 'festival_family')) } } });
    expect(text).toContain('  模板内容：新增探访任务{1}项，其中{2}项需上门入户，最早一项须在{3}前完成。');
    expect(text).toContain('探访任务通知  [assignment_digest]  通知短信  已登记，模板编号 1000000');
    expect(text).toMatch(/\{1\}\s+不设类型\s+1–4字/);
    expect(text).toContain('传统节日家属提醒  [festival_family]  通知短信  需登记，尚无模板编号');
  });
});

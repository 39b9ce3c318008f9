import { regionTemplate, requiredTemplates, templateCodeOf } from '../shared/config/sms-config';
import type { RegionRuntime } from '../shared/config/region-config';
import { CATALOGUE } from '../shared/domain/sms/catalogue';
import { PROVIDER_RULES } from '../shared/domain/sms/provider-rules';
import { sampleOf } from '../shared/domain/sms/render';
import { orderedVariables, piecesOf } from '../shared/domain/sms/template';
import type { SmsTemplate, VariableType } from '../shared/domain/sms/template';

/** Our variable types as an office reads them when no provider types are involved (SNS, local). */
const TYPE_LABELS: Record<VariableType, string> = { count: '数字', date: '日期', day_hour: '日时', masked_name: '脱敏姓名', place: '村（社区）名', word: '固定词语' };

/** One JSON line per template: `{"id","kind","text","variables":[{"name","type","maxLength"}]}`, variables written ${name}. */
export function catalogueJsonLines(runtime: RegionRuntime): string[] {
  return CATALOGUE.map((t) => {
    const template = regionTemplate(runtime.config.sms, t.id);
    return JSON.stringify({ id: template.id, kind: template.kind, text: template.text, variables: orderedVariables(template).map((v) => ({ name: v.name, type: v.type, maxLength: v.maxLength })) });
  });
}

/** The text as filed with the region's provider: ${name} for Aliyun, {1} {2} … for Tencent Cloud. */
function filedText(runtime: RegionRuntime, template: SmsTemplate): string {
  const { provider } = runtime.config.sms;
  if (provider !== 'aliyun' && provider !== 'tencent') return template.text;
  const rules = PROVIDER_RULES[provider];
  let position = 0;
  return piecesOf(template.text)
    .map((p) => ('fixed' in p ? p.fixed : rules.placeholder(p.variable, ++position)))
    .join('');
}

function typeLabel(runtime: RegionRuntime, type: VariableType): string {
  const { provider } = runtime.config.sms;
  return provider === 'aliyun' || provider === 'tencent' ? PROVIDER_RULES[provider].typeNames[type] : TYPE_LABELS[type];
}

/** The catalogue as the office files it with its provider: name, type, text, each variable's type and limit, a sample. */
export function catalogueText(runtime: RegionRuntime): string {
  const { sms, name } = runtime.config;
  const needed = requiredTemplates(runtime.policy, runtime.config.sms);
  const lines: string[] = [];
  const where = sms.provider === 'aliyun' || sms.provider === 'tencent' ? PROVIDER_RULES[sms.provider].console : `${sms.provider}: 发送文本，无需登记模板（以下内容供改用国内服务商时登记）`;
  lines.push(`短信模板 region ${name} — 签名 ${sms.signature}，服务商 ${sms.provider}（${where}）`);
  lines.push(`模板类型均为「通知短信」。本地区需要登记 ${needed.size} 个模板，另 ${CATALOGUE.length - needed.size} 个本地区政策不发送。`, '');
  for (const t of CATALOGUE) {
    const template = regionTemplate(sms, t.id);
    const code = sms.provider === 'aliyun' || sms.provider === 'tencent' ? templateCodeOf(sms, t.id) : undefined;
    const status = !needed.has(t.id) ? '本地区不发送' : sms.provider === 'sns' || sms.provider === 'local' ? '本地区发送（文本）' : code ? `已登记，模板编号 ${code}` : '需登记，尚无模板编号';
    const sample = sampleOf(template, sms.signature);
    lines.push(`${template.name}  [${template.id}]  通知短信  ${status}`);
    lines.push(`  模板内容：${filedText(runtime, template)}`);
    lines.push('  变量：');
    orderedVariables(template).forEach((v, i) => {
      const written = sms.provider === 'tencent' ? `{${i + 1}}` : `\${${v.name}}`;
      lines.push(`    ${written.padEnd(12)} ${typeLabel(runtime, v.type).padEnd(6)} 1–${v.maxLength}字  ${v.description}${v.values ? `：${v.values.join('、')}` : ''}`);
    });
    lines.push(`  申请说明：${template.purpose}`);
    lines.push(`  示例：${sample.text}（${sample.segments} 条计费，${Array.from(sample.text).length} 字）`, '');
  }
  return lines.join('\n');
}

import type { z } from 'zod';
import type { FieldIssue } from '../validation';
import { RULES_ZH } from './rules-zh';
import { zodIssueZh } from './zod-zh';

/** Whether a text holds Chinese (a CJK ideograph): what office staff can read. */
export const hasChinese = (text: string | undefined) => text !== undefined && /[\u4e00-\u9fff]/.test(text);

/** One of our English rules in Chinese, with its code, when the table knows it. */
export function ruleZh(rule: string): { code: string; message: string } | undefined {
  for (const [pattern, code, zh] of RULES_ZH) {
    const m = rule.match(pattern);
    if (m) return { code, message: typeof zh === 'string' ? zh : zh(m) };
  }
  // A rule some checks prefix with what they check ("resident ID check digit: …").
  const bare = rule.replace(/^[^:：]{1,60}: /, '');
  return bare !== rule ? ruleZh(bare) : undefined;
}

/**
 * The issue with its code and Chinese message: kept when the rule was made with them, else our
 * table's (more specific than zod's, so `must be a 9-digit township code` says so), else, for a
 * zod issue, its kind in Chinese. An issue nobody translated keeps its English rule as message
 * (with code `untranslated`) — visible, and caught by the test that walks the error paths.
 */
export function localizeIssue(issue: FieldIssue, zodIssue?: z.core.$ZodIssue): FieldIssue {
  if (issue.code !== undefined && hasChinese(issue.message)) return issue;
  const known = ruleZh(issue.rule) ?? (zodIssue && zodIssue.code !== 'custom' ? zodIssueZh(zodIssue) : undefined);
  return { ...issue, code: issue.code ?? known?.code ?? 'untranslated', message: known?.message ?? issue.rule };
}

export const localizeIssues = (issues: readonly FieldIssue[]): FieldIssue[] => issues.map((i) => localizeIssue(i));

/** What a problem's status means, in Chinese, when its detail has no translation of its own. */
const STATUS_ZH: Record<number, [code: string, message: string]> = {
  400: ['bad_request', '请求有误'],
  401: ['unauthorized', '未登录或登录已失效，或不在人员名册中'],
  403: ['forbidden', '没有权限'],
  404: ['not_found', '未找到'],
  405: ['method_not_allowed', '不支持此请求方法'],
  409: ['conflict', '与已有记录冲突'],
  413: ['content_too_large', '请求内容过大'],
  415: ['unsupported_media_type', '请以 application/json 格式发送'],
  422: ['unprocessable', '无法处理此请求'],
  503: ['unavailable', '服务暂不可用'],
};

/**
 * A problem's code and Chinese message: the status in words, then what the detail or the
 * first field issues say in Chinese (`请求有误：residence.areaCode：区划…不在本部署的服务范围内`).
 */
export function problemZh(status: number, detail: string, errors: readonly FieldIssue[]): { code: string; message: string } {
  const [code, word] = STATUS_ZH[status] ?? [`http_${status}`, '请求未能完成'];
  const fields = errors.slice(0, 5).map((e) => `${e.field}：${e.message ?? e.rule}`);
  if (fields.length > 0) return { code: errors.length === 1 && errors[0]!.code ? errors[0]!.code : code, message: `${word}：${fields.join('；')}${errors.length > 5 ? `（共${errors.length}处）` : ''}` };
  const own = ruleZh(detail) ?? ruleZh(detail.replace(/^\S+ (?=(may|is|works|supervises|only)\b)/, ''));
  return { code: own?.code ?? code, message: own ? `${word}：${own.message}` : word };
}

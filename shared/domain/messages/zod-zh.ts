import { z } from 'zod';

/** zod's own Chinese texts, for the issue kinds we do not phrase ourselves. */
const zhCN = z.locales.zhCN();

const TYPE_WORDS: Record<string, string> = { string: '文字', number: '数字', int: '整数', boolean: '是或否（true/false）', array: '列表', object: '对象', date: '日期', bigint: '整数' };

type Issue = z.core.$ZodIssue;

/**
 * A zod issue in Chinese for office staff, from the issue's own kind and limits (so `.min(1)`
 * reads 不能为空 whatever English message the schema gave it), with zod's Chinese locale for
 * the kinds not phrased here. The code is zod's issue code, prefixed so it cannot clash with ours.
 */
export function zodIssueZh(issue: Issue): { code: string; message: string } {
  const code = `zod.${issue.code}${issue.code === 'invalid_format' ? `.${issue.format}` : ''}`;
  return { code, message: phrase(issue) ?? String(zhCN.localeError({ ...issue, input: undefined } as Parameters<typeof zhCN.localeError>[0])) };
}

function phrase(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少${min}个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? '至少要填一项' : `至少要填${min}项`;
      return issue.inclusive ? `不能小于${min}` : `必须大于${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `最多${max}个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多${max}项`;
      if (issue.origin === 'file') return `文件最大${max}字节`;
      return issue.inclusive ? `不能大于${max}` : `必须小于${max}`;
    }
    case 'invalid_type':
      if (/received undefined/.test(issue.message) || issue.message === 'is required') return '必填';
      return `类型不对：应为${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `必须是以下之一：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}（请删去）`;
    case 'invalid_format':
      return issue.format === 'regex' ? '格式不正确' : undefined;
    case 'not_multiple_of':
      return `必须是${String(issue.divisor)}的整数倍`;
    default:
      return undefined;
  }
}

import { ConflictError, NotFoundError } from '../shared/app/errors';
import { ForbiddenError } from '../shared/app/supervise';
import { LedgerFileError } from '../shared/domain/ledger/file-limits';
import { localizeIssues, ruleZh } from '../shared/domain/messages/localize';
import { TaskTransitionError } from '../shared/domain/task/lifecycle';
import { ValidationError } from '../shared/domain/validation';
import { UsageError } from './io';

/** What kind of refusal, in Chinese, before what it says. */
function kindZh(error: Error): string {
  if (error instanceof ValidationError) return '输入有误';
  if (error instanceof ForbiddenError) return '没有权限';
  if (error instanceof NotFoundError) return '未找到';
  if (error instanceof ConflictError) return '与已有记录冲突';
  if (error instanceof TaskTransitionError) return '任务状态不允许此操作';
  if (error instanceof LedgerFileError) return '台账文件无法读取';
  if (error instanceof UsageError) return '命令用法有误';
  if (error.name === 'StackRefusal') return '该地区的部署（堆栈）暂不能使用';
  return '出错';
}

/**
 * The line office staff read under the English one (`说明：…`): each broken field with its
 * Chinese rule for a validation error, else the error's own text in Chinese when we have it.
 */
export function chineseLine(error: Error): string {
  const kind = kindZh(error);
  if (error instanceof ValidationError)
    return `说明：${kind}：${localizeIssues(error.issues)
      .map((i) => `${i.field}：${i.message}`)
      .join('；')}`;
  if (error instanceof ConflictError && error.issues.length > 0)
    return `说明：${kind}：${localizeIssues(error.issues)
      .map((i) => `${i.field}：${i.message}`)
      .join('；')}`;
  const own = ruleZh(error.message) ?? ruleZh(error.message.replace(/^\S+ (?=(may|is|works|supervises|only)\b)/, '')) ?? ruleZh(error.message.replace(/^--\S+ /, ''));
  return `说明：${kind}${own ? `：${own.message}` : `（${error.message.split('\n')[0]}）`}`;
}

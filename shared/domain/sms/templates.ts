import type { VisitMethod } from '../policy/methods';
import type { LocalDate } from '../time/local-date';
import { countSegments } from './segments';

/** Every SMS starts with the region's signature (短信签名), e.g. 【成华民政】. */
export function withSignature(signature: string, body: string): string {
  return `${signature}${body}`;
}

export interface DigestTask {
  maskedName: string;
  village: string;
  /** Methods that count for the task: 上门 when only a home visit counts. */
  methods: readonly VisitMethod[];
  dueDate: LocalDate;
}

export interface Digest {
  text: string;
  segments: number;
  listed: number;
  omitted: number;
}

const monthDay = (d: LocalDate) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const methodWord = (methods: readonly VisitMethod[]) => (methods.length === 1 && methods[0] === 'home' ? '上门' : methods.includes('phone') ? '电话或上门' : '探访');

/**
 * The daily assignment SMS: one per visitor per day, listing the new tasks by due date with
 * masked names only (never an ID number, phone or health detail). A long list is cut to
 * `maxSegments` with the number left out, so cost per visitor per day stays bounded.
 */
export function assignmentDigest(input: { signature: string; date: LocalDate; tasks: readonly DigestTask[]; maxSegments?: number }): Digest {
  const max = input.maxSegments ?? 4;
  const tasks = [...input.tasks].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const head = `${monthDay(input.date)}新增探访任务${tasks.length}项：`;
  const lines = tasks.map((t, i) => `${i + 1}.${t.maskedName}(${t.village})${methodWord(t.methods)},${monthDay(t.dueDate)}前`);
  return fit(input.signature, head, lines, '请按时探访并记录。', max);
}

export interface OverdueItem {
  maskedName: string;
  village: string;
  /** Whole days past the due time (0: due today, not yet a day late). */
  daysOverdue: number;
  level: number;
}

/**
 * One escalation SMS per supervisor per run, listing their overdue tasks (masked names,
 * village, days overdue, level), cut to `maxSegments` with the number left out.
 */
export function escalationDigest(input: { signature: string; tasks: readonly OverdueItem[]; maxSegments?: number }): Digest {
  const max = input.maxSegments ?? 3;
  const tasks = [...input.tasks].sort((a, b) => b.daysOverdue - a.daysOverdue || b.level - a.level);
  const head = `探访逾期提醒：您负责的区域有${tasks.length}项探访逾期未完成：`;
  const lines = tasks.map((t, i) => `${i + 1}.${t.maskedName}(${t.village})${t.daysOverdue === 0 ? '刚逾期' : `逾期${t.daysOverdue}天`},第${t.level}级`);
  return fit(input.signature, head, lines, '请督促落实，或在探访系统中确认、改派、办结。', max);
}

/** To a visitor given someone else's task. */
export function reassignmentNotice(input: { signature: string; maskedName: string; village: string; methods: readonly VisitMethod[]; dueDate: LocalDate; overdue: boolean }): Digest {
  const body = `新分配探访任务：${input.maskedName}(${input.village})${methodWord(input.methods)}，${input.overdue ? `原定${monthDay(input.dueDate)}前，已逾期，请尽快探访` : `${monthDay(input.dueDate)}前完成`}。`;
  const text = withSignature(input.signature, body);
  return { text, segments: countSegments(text).segments, listed: 1, omitted: 0 };
}

/**
 * Urgent: to emergency contacts and the village/township, at once. It says something needs
 * attention and who to call, never what (no health detail goes into an SMS).
 */
export function emergencyNotice(input: { signature: string; maskedName: string; village: string; forFamily: boolean }): Digest {
  const body = input.forFamily
    ? `紧急提醒：探访人员今日在${input.maskedName}家中发现需要紧急处理的情况，请立即联系老人或所在村(社区)。`
    : `紧急情况：${input.maskedName}(${input.village})探访中发现紧急情况或安全隐患，请立即处置并安排跟踪回访。`;
  const text = withSignature(input.signature, body);
  return { text, segments: countSegments(text).segments, listed: 1, omitted: 0 };
}

/** Lists as many lines as fit in `max` segments and says how many were left out. */
function fit(signature: string, head: string, lines: string[], closing: string, max: number): Digest {
  for (let listed = lines.length; listed >= 0; listed--) {
    const omitted = lines.length - listed;
    const tail = omitted > 0 ? `等${lines.length}项，另${omitted}项详见探访系统。` : closing;
    const text = withSignature(signature, `${head}${lines.slice(0, listed).join('；')}${listed > 0 ? '；' : ''}${tail}`);
    const { segments } = countSegments(text);
    if (segments <= max || listed === 0) return { text, segments, listed, omitted };
  }
  throw new Error('unreachable: an empty list always fits');
}

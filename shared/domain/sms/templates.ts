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
  for (let listed = lines.length; listed >= 0; listed--) {
    const omitted = lines.length - listed;
    const tail = omitted > 0 ? `等${lines.length}项，另${omitted}项详见探访系统。` : '请按时探访并记录。';
    const text = withSignature(input.signature, `${head}${lines.slice(0, listed).join('；')}${listed > 0 ? '；' : ''}${tail}`);
    const { segments } = countSegments(text);
    if (segments <= max || listed === 0) return { text, segments, listed, omitted };
  }
  throw new Error('unreachable: an empty digest always fits');
}

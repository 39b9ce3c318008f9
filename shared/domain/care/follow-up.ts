import { z } from 'zod';
import { apply } from '../task/lifecycle';
import type { TaskStatus } from '../task/lifecycle';
import type { FollowUpOutcome, Task } from '../task/task';
import { toMillis } from '../time/instant';
import { moveMeasure } from './measure';
import type { MeasureCheck } from './measure';
import { replaceMeasure } from './need';
import type { Need } from './need';

/** How a follow-up is made: in person or at a distance (a remote monitor or a chance meeting is not a follow-up). */
export const FOLLOW_UP_METHODS = ['home', 'phone', 'video', 'other'] as const;

/**
 * 跟踪回访记录: what the follow-up's owner records. 四川 000 asks the township to check 风险隐患排查情况、
 * 急需困难缓解情况、转介服务落实情况: `resolved` when the danger is gone and the referred services
 * happened; `unresolved` opens the next round of follow-up, and the referrals stay open.
 */
export const followUpOutcomeSchema = z
  .object({
    method: z.enum(FOLLOW_UP_METHODS, { error: `must be one of ${FOLLOW_UP_METHODS.join(', ')}` }),
    outcome: z.enum(['resolved', 'unresolved'], { error: 'must be resolved or unresolved' }),
    note: z.string().trim().min(1, 'say what was found (回访情况)').max(500, 'at most 500 characters'),
  })
  .strict();

export type FollowUpOutcomeInput = z.infer<typeof followUpOutcomeSchema>;

/** Whether two outcomes are the same record (a repeat of the request, not a second opinion). */
export const sameOutcome = (a: FollowUpOutcome, b: Omit<FollowUpOutcome, 'at'>) => a.by === b.by && a.method === b.method && a.outcome === b.outcome && a.note === b.note;

/**
 * The follow-up completed with its outcome: assigned to whoever records it if nobody owned it,
 * late when after its deadline, and (unresolved) pointing at the next round.
 */
export function completeFollowUp(task: Task, outcome: FollowUpOutcome, next: string | undefined): Task {
  let status: TaskStatus = { state: task.state, visitorId: task.visitorId };
  const history = [...task.history];
  if (status.visitorId === undefined) {
    status = apply(status, { type: 'assign', visitorId: outcome.by });
    history.push({ at: outcome.at, event: 'assign', by: outcome.by, detail: 'taken by the person who recorded the follow-up' });
  }
  status = apply(status, { type: 'complete', visitId: `follow-up ${task.taskId}` });
  const late = toMillis(outcome.at) > toMillis(task.dueAt);
  history.push({ at: outcome.at, event: 'complete', by: outcome.by, detail: `跟踪回访 ${outcome.outcome} (${outcome.method})${late ? ', after its deadline' : ''}: ${outcome.note}${next ? `; next round ${next}` : ''}` });
  return { ...task, ...status, completedAt: outcome.at, late, followUpOutcome: outcome, ...(next ? { followUpNext: next } : {}), history, version: task.version + 1 };
}

/**
 * What a follow-up's outcome does to one referred measure it checks: resolved → followed up
 * (转介服务已落实); unresolved → still referred, the check noted. Undefined when there is nothing
 * to do (already checked by this follow-up, or no longer referred).
 */
export function checkReferral(need: Need, measureId: string, check: MeasureCheck): Need | undefined {
  const measure = need.measures.find((m) => m.measureId === measureId);
  if (!measure || measure.checks?.some((c) => c.taskId === check.taskId)) return undefined;
  const checked = { ...measure, checks: [...(measure.checks ?? []), check] };
  if (check.outcome === 'unresolved' || measure.state !== 'referred') return measure.state === 'referred' ? replaceMeasure(need, checked, check.at) : undefined;
  const moved = moveMeasure(checked, 'followed_up', { by: check.by, at: check.at, note: `跟踪回访 ${check.taskId}: ${check.note}` });
  return moved.ok ? replaceMeasure(need, moved.measure, check.at) : undefined;
}

/** Whether a follow-up (with the rounds after it, as loaded) settled its cause: resolved, or closed by a supervisor. */
export function followUpSettled(task: Pick<Task, 'state' | 'followUpOutcome'>): boolean {
  if (task.state === 'cancelled') return true;
  return task.state === 'completed' && task.followUpOutcome?.outcome === 'resolved';
}

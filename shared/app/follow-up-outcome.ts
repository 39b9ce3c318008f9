import { createHash } from 'node:crypto';
import { canRecordFollowUp } from '../domain/access/care';
import { checkReferral, completeFollowUp, followUpOutcomeSchema, sameOutcome } from '../domain/care/follow-up';
import { parseMeasureRef } from '../domain/care/need';
import { isActive } from '../domain/task/lifecycle';
import type { FollowUpOutcome, Task } from '../domain/task/task';
import { toInstant } from '../domain/time/instant';
import { parseOrThrow, ValidationError } from '../domain/validation';
import type { NeedsDeps } from './needs';
import { ConflictError, NotFoundError } from './errors';
import { ForbiddenError } from './supervise';
import { openFollowUp } from './open-follow-up';

export interface FollowUpOutcomeResult {
  task: Task;
  /** False for a repeat of an outcome already recorded (its later steps are finished, nothing else changes). */
  recorded: boolean;
  /** Referred measures this outcome closed (followed up). */
  followedUp: string[];
  /** The next round's follow-up, when the outcome was unresolved. */
  next?: Task | undefined;
}

/** The next round of a follow-up found unresolved: one id per follow-up, so a repeat finds it. */
export const nextRoundId = (task: Pick<Task, 'elderId' | 'taskId' | 'followUpRound'>) => `F#r${(task.followUpRound ?? 1) + 1}-${createHash('sha256').update(`${task.elderId}|${task.taskId}`).digest('hex').slice(0, 16)}`;

/**
 * 跟踪回访: the follow-up's owner (or the township and above covering for them) records what the
 * follow-up found.
 *
 * 1. Checks the task is a follow-up the caller may record, and the outcome form.
 * 2. Completes the follow-up with its outcome (version-checked; the commit point). The same
 *    outcome again is a repeat: it finishes the steps below and changes nothing else; another
 *    outcome is a conflict.
 * 3. Resolved: every referred measure it checks becomes followed up (转介服务已落实), who and when
 *    on the measure. Unresolved: the measures stay referred with the check noted, and the next
 *    round opens for the same owner with a new deadline.
 */
export async function recordFollowUpOutcome(deps: NeedsDeps, input: { elderId: string; taskId: string; by: string; outcome: unknown }): Promise<FollowUpOutcomeResult> {
  const form = parseOrThrow(followUpOutcomeSchema, input.outcome, 'follow-up outcome');
  const actor = await deps.people.get(input.by);
  for (let attempt = 0; attempt < 5; attempt++) {
    const task = await deps.tasks.get(input.elderId, input.taskId);
    if (!task) throw new NotFoundError(`no task ${input.taskId} for elder ${input.elderId}`);
    if (task.kind !== 'follow_up')
      throw new ValidationError('follow-up outcome', [
        {
          field: 'taskId',
          rule: `${input.taskId} is a ${task.kind} task, not a follow-up (跟踪回访): record a visit instead`,
          code: 'not_follow_up',
          message: `任务${input.taskId}是${task.kind === 'special' ? '专项' : '常规'}探访任务，不是跟踪回访：请填写探访记录`,
        },
      ]);
    const decision = actor ? canRecordFollowUp(actor, task) : { allowed: false as const, reason: 'is not on the roster' };
    if (!decision.allowed) throw new ForbiddenError(`${input.by} ${decision.reason}`);
    const asked = { by: input.by, ...form };
    if (task.followUpOutcome) {
      if (!sameOutcome(task.followUpOutcome, asked)) throw new ConflictError(`this follow-up's outcome was already recorded by ${task.followUpOutcome.by} at ${task.followUpOutcome.at} (${task.followUpOutcome.outcome})`);
      return { ...(await finish(deps, task, task.followUpOutcome)), task, recorded: false };
    }
    if (!isActive(task.state)) throw new ConflictError(`the follow-up is ${task.state}${task.closedReason ? ` (${task.closedReason})` : ''}: there is no outcome to record`);
    const outcome: FollowUpOutcome = { ...asked, at: toInstant(deps.clock.now()) };
    const done = completeFollowUp(task, outcome, outcome.outcome === 'unresolved' ? nextRoundId(task) : undefined);
    if (await deps.tasks.update(done)) return { ...(await finish(deps, done, outcome)), task: done, recorded: true };
  }
  throw new Error(`task ${input.elderId}#${input.taskId} kept changing; nothing was written, try again`);
}

/** The steps after the commit point, each idempotent: the referrals it checks, and the next round. */
async function finish(deps: NeedsDeps, task: Task, outcome: FollowUpOutcome): Promise<{ followedUp: string[]; next?: Task | undefined }> {
  const followedUp: string[] = [];
  for (const ref of task.followUpOf ?? []) {
    const parsed = parseMeasureRef(ref);
    if (!parsed) continue;
    for (let attempt = 0; attempt < 5; attempt++) {
      const need = await deps.needs.get(task.elderId, parsed.needKey);
      const checked = need && checkReferral(need, parsed.measureId, { taskId: task.taskId, by: outcome.by, at: outcome.at, outcome: outcome.outcome, note: outcome.note });
      if (!checked || (await deps.needs.update(checked))) {
        if (checked?.measures.some((m) => m.measureId === parsed.measureId && m.state === 'followed_up')) followedUp.push(ref);
        break;
      }
    }
  }
  if (outcome.outcome === 'resolved' || !task.followUpNext) return { followedUp };
  const owner = task.visitorId ? await deps.people.get(task.visitorId) : undefined;
  const { followUp } = await openFollowUp(
    deps,
    task,
    {
      taskId: task.followUpNext,
      cause: task.followUpCause ?? 'unanswered_need',
      why: `round ${(task.followUpRound ?? 1) + 1} after ${task.taskId} found it unresolved: ${outcome.note}`,
      by: outcome.by,
      urgent: false,
      followUpOf: task.followUpOf,
      round: (task.followUpRound ?? 1) + 1,
      owner: owner?.active ? owner : undefined,
    },
    outcome.at,
  );
  return { followedUp, next: followUp };
}

import { canManagePerson, visitorProblem } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { ladderFor } from '../domain/escalation/ladder';
import { leaveOn, leaveProblems, leaveRequestSchema } from '../domain/people/leave';
import type { Leave, LeaveBook } from '../domain/people/leave';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import { handedOver } from '../domain/task/handover';
import { isActive } from '../domain/task/lifecycle';
import type { Task } from '../domain/task/task';
import { localDateOf, toInstant } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { LocalDate } from '../domain/time/local-date';
import { parseOrThrow, ValidationError } from '../domain/validation';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, LeaveRepository, Outbox, PersonRepository, TaskRepository } from '../ports';
import { ConflictError, NotFoundError } from './errors';
import { ForbiddenError } from './supervise';
import { smsContent } from './sms-message';
import { changeTask } from './task-writes';

export interface LeaveDeps {
  people: PersonRepository;
  leaves: LeaveRepository;
  tasks: TaskRepository;
  outbox: Outbox;
  clock: Clock;
  runtime: RegionRuntime;
}

export interface RecordLeaveResult {
  leave: Leave;
  /** False when exactly this leave was recorded before (a repeat: the moves are finished, nothing doubled). */
  created: boolean;
  /** Open tasks due on the leave's days now with the cover (this call's and any earlier one's). */
  tasksWithCover: number;
  /** Tasks due in the leave the cover cannot take (a village outside their area): still with the visitor. */
  tasksNotMovable: string[];
}

const coverReason = (l: Leave) => `covering the leave of ${l.visitorId} (${l.from}–${l.to})`;
const escalationOf = (deps: Pick<LeaveDeps, 'runtime'>, task: Task) => ({ ladder: ladderFor(deps.runtime.config.escalation, task.tier), graceHours: deps.runtime.config.escalation.acknowledgeHours });

/**
 * 请假登记: records a visitor's leave and who covers it.
 *
 * 1. Checks the dates (not reversed, at most 92 days, not over), that no other leave overlaps,
 *    and that the cover is an active visitor serving the visitor's area; the recorder must
 *    manage the visitor (an administrator of the area, or the township's instructor).
 * 2. Stores the leave in the visitor's leave book (version-checked: two offices recording at
 *    once cannot lose one).
 * 3. Gives the cover the visitor's open tasks due on the leave's days (history on each, and
 *    the task marks whose leave it covers), then queues one SMS to the cover.
 * Repeating the same leave finishes what an interrupted call left and doubles nothing.
 */
export async function recordLeave(deps: LeaveDeps, input: { principal: Principal; visitorId: string; request: unknown }): Promise<RecordLeaveResult> {
  const request = parseOrThrow(leaveRequestSchema, input.request, 'leave');
  const at = toInstant(deps.clock.now());
  const visitor = await deps.people.get(input.visitorId);
  if (!visitor || !visitor.roles.includes('visitor')) throw new NotFoundError(`no visitor ${input.visitorId} on the roster`);
  const decision = canManagePerson(input.principal, visitor);
  if (!decision.allowed) throw new ForbiddenError(`${input.principal.personId} ${decision.reason}`);
  const cover = request.coverId === undefined ? undefined : await deps.people.get(request.coverId);
  const leave: Leave = { leaveId: request.from, visitorId: visitor.personId, from: request.from, to: request.to, coverId: request.coverId, reason: request.reason, recordedBy: input.principal.personId, recordedAt: at };
  let created = false;
  for (let attempt = 0; ; attempt++) {
    const book = await deps.leaves.forVisitor(visitor.personId);
    const problems = leaveProblems(request, visitor, cover, book.leaves, localDateOf(at));
    if (problems.length > 0) throw new ValidationError('leave', problems);
    const same = book.leaves.find((l) => l.leaveId === leave.leaveId);
    if (same && (same.to !== leave.to || same.coverId !== leave.coverId)) throw new ConflictError(`a leave of ${visitor.personId} from ${same.from} to ${same.to} is already recorded${same.coverId ? ` with cover ${same.coverId}` : ''}`);
    if (same) break;
    if (await deps.leaves.save({ ...book, leaves: [...book.leaves, leave].sort((a, b) => a.from.localeCompare(b.from)), version: book.version + 1 })) {
      created = true;
      break;
    }
    if (attempt >= 4) throw new Error(`the leave book of ${visitor.personId} kept changing; nothing was lost, try again`);
  }
  const notMovable: string[] = [];
  if (cover && leave.coverId) {
    for (const task of await deps.tasks.openForVisitor(visitor.personId)) {
      if (task.kind === 'follow_up' || task.end < leave.from || task.end > leave.to) continue;
      if (visitorProblem(cover, task.villageCode)) {
        notMovable.push(`${task.elderId}#${task.taskId}`);
        continue;
      }
      await changeTask(deps.tasks, task, (t) =>
        isActive(t.state) && t.visitorId === visitor.personId
          ? handedOver(t, cover.personId, at, input.principal.personId, coverReason(leave), escalationOf(deps, t), { cover: { for: visitor.personId, leaveId: leave.leaveId } })
          : undefined,
      );
    }
  }
  const withCover = leave.coverId ? (await deps.tasks.openForVisitor(leave.coverId)).filter((t) => t.cover?.for === visitor.personId && t.cover.leaveId === leave.leaveId) : [];
  if (cover && leave.coverId) await queueCoverNotice(deps, leave, cover.phone, withCover.length, at);
  return { leave, created, tasksWithCover: withCover.length, tasksNotMovable: notMovable };
}

async function queueCoverNotice(deps: LeaveDeps, leave: Leave, phone: string | undefined, count: number, at: Instant): Promise<void> {
  const { sms } = deps.runtime.config;
  await deps.outbox.enqueue({
    messageId: `cover#${leave.visitorId}#${leave.leaveId}`,
    ...smsContent(sms, 'leave_cover', { from: leave.from, to: leave.to, count }),
    urgent: false,
    recipientId: leave.coverId!,
    phone,
    createdAt: at,
    sendAfter: sendAfterFor(at, sms.quietHours, false),
  });
}

export interface LeaveReturnReport {
  leavesEnded: number;
  /** Tasks the cover still held, handed back to the visitor. */
  tasksReturned: number;
  /** Tasks left with the cover: the visitor is no longer active, or no longer serves the village. */
  tasksKept: string[];
}

/**
 * The morning after a leave (the daily generation run calls it first): every task the cover
 * still holds for that leave goes back to the visitor, history on each — an overdue one with a
 * fresh ladder, a completed one stays the cover's visit. A visitor who is no longer active or
 * no longer serves the village leaves the task with the cover (their supervisor reassigns it).
 * Each step is idempotent: a run cut short is finished by the next.
 */
export async function returnFromLeaves(deps: Omit<LeaveDeps, 'outbox'>, today: LocalDate): Promise<LeaveReturnReport> {
  const at = toInstant(deps.clock.now());
  const report: LeaveReturnReport = { leavesEnded: 0, tasksReturned: 0, tasksKept: [] };
  for await (const book of deps.leaves.dueForReturn(today)) {
    const ending = book.leaves.filter((l) => l.coverId !== undefined && l.returnedAt === undefined && l.to < today);
    if (ending.length === 0) continue;
    const visitor = await deps.people.get(book.visitorId);
    for (const leave of ending) {
      const held = (await deps.tasks.openForVisitor(leave.coverId!)).filter((t) => t.cover?.for === book.visitorId && t.cover.leaveId === leave.leaveId);
      for (const task of held) {
        if (!visitor || visitorProblem(visitor, task.villageCode)) {
          report.tasksKept.push(`${task.elderId}#${task.taskId}`);
          continue;
        }
        const back = await changeTask(deps.tasks, task, (t) =>
          isActive(t.state) && t.visitorId === leave.coverId ? handedOver(t, visitor.personId, at, 'leave', `back from leave (${leave.from}–${leave.to})`, escalationOf(deps, t), { cover: undefined }) : undefined,
        );
        if (back) report.tasksReturned++;
      }
      report.leavesEnded++;
    }
    const returned: LeaveBook = { ...book, leaves: book.leaves.map((l) => (ending.includes(l) ? { ...l, returnedAt: at } : l)), version: book.version + 1 };
    // Lost to a concurrent write: the next run finds the book again and finishes (the moves above are done).
    await deps.leaves.save(returned);
  }
  return report;
}

/** Who covers a visitor today (they may read that visitor's elders' records while covering, and not after). */
export async function coversToday(leaves: Pick<LeaveRepository, 'forVisitor'>, visitorId: string | undefined, today: LocalDate): Promise<string[]> {
  if (visitorId === undefined) return [];
  const cover = leaveOn((await leaves.forVisitor(visitorId)).leaves, today)?.coverId;
  return cover === undefined ? [] : [cover];
}

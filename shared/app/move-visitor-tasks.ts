import { visitorProblem } from '../domain/access/access';
import { ladderFor } from '../domain/escalation/ladder';
import { cannotSupervise } from '../domain/people/authority';
import { coverProblem } from '../domain/people/leave';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import { handedOver } from '../domain/task/handover';
import { isActive } from '../domain/task/lifecycle';
import { localDateOf, toInstant } from '../domain/time/instant';
import { ValidationError } from '../domain/validation';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, Outbox, PersonRepository, TaskRepository } from '../ports';
import { NotFoundError } from './errors';
import { ForbiddenError } from './supervise';
import { smsContent } from './sms-message';
import { changeTask } from './task-writes';

export interface MoveTasksDeps {
  tasks: TaskRepository;
  people: PersonRepository;
  outbox: Outbox;
  clock: Clock;
  runtime: RegionRuntime;
}

export interface MoveTasksInput {
  /** The supervisor acting (liaison, instructor, supervisor, bureau or admin of the visitor's area). */
  by: string;
  fromVisitorId: string;
  toVisitorId: string;
  reason: string;
}

export interface MoveTasksReport {
  /** `move#<from>#<to>#<date>`: what the history of every moved task names. */
  moveId: string;
  /** Moved by this call. */
  moved: number;
  /** With the new visitor under this move in all (this call and any earlier, interrupted one). */
  total: number;
  /** Left with the visitor: outside the supervisor's area, or in a village the new visitor does not serve. */
  skipped: { task: string; reason: string }[];
  /** Whether this call queued the new visitor's SMS (false on a repeat: one SMS per move). */
  smsQueued: boolean;
}

/**
 * 整体改派: moves every open task of one visitor to another in one step.
 *
 * 1. The supervisor must supervise the visitor's area; the new visitor must be an active
 *    visitor (not the same one) serving that area.
 * 2. Each open task (follow-ups stay with the township) gets the new visitor with a
 *    version-checked write, its history naming the supervisor, the reason and the move; an
 *    overdue one gets a fresh ladder, like a single reassignment.
 * 3. One SMS tells the new visitor how many and the earliest deadline (`tasks_handover`).
 * The move id is fixed for the pair and the day: repeating the call, or running it again after
 * it was killed half-way, moves what is left and sends the one SMS with the whole count.
 */
export async function moveVisitorTasks(deps: MoveTasksDeps, input: MoveTasksInput): Promise<MoveTasksReport> {
  const reason = input.reason.trim();
  if (reason === '') throw new ValidationError('task move', [{ field: 'reason', rule: 'must say why, for the history', code: 'reason_required', message: '请填写改派原因，记入任务历史' }]);
  const at = toInstant(deps.clock.now());
  const [actor, from, to] = await Promise.all([deps.people.get(input.by), deps.people.get(input.fromVisitorId), deps.people.get(input.toVisitorId)]);
  if (!from || !from.roles.includes('visitor')) throw new NotFoundError(`no visitor ${input.fromVisitorId} on the roster`);
  const refusal = cannotSupervise(actor, from.areaCode);
  if (refusal) throw new ForbiddenError(`${input.by} ${refusal}`);
  if (input.toVisitorId === input.fromVisitorId) throw new ValidationError('task move', [{ field: 'toVisitorId', rule: 'must be another visitor', code: 'same_visitor', message: '新的探访人员不能是原探访人员本人' }]);
  const problem = coverProblem(to, from);
  if (problem) throw new ValidationError('task move', [{ ...problem, field: 'toVisitorId' }]);
  const moveId = `move#${from.personId}#${to!.personId}#${localDateOf(at)}`;
  const report: MoveTasksReport = { moveId, moved: 0, total: 0, skipped: [], smsQueued: false };
  for (const task of await deps.tasks.openForVisitor(from.personId)) {
    const ref = `${task.elderId}#${task.taskId}`;
    if (task.kind === 'follow_up') continue;
    const outside = cannotSupervise(actor, task.villageCode);
    const unserved = visitorProblem(to, task.villageCode);
    if (outside || unserved) {
      report.skipped.push({ task: ref, reason: outside ?? unserved! });
      continue;
    }
    const moved = await changeTask(deps.tasks, task, (t) =>
      isActive(t.state) && t.visitorId === from.personId
        ? handedOver(t, to!.personId, at, input.by, `${reason} [${moveId}]`, { ladder: ladderFor(deps.runtime.config.escalation, t.tier), graceHours: deps.runtime.config.escalation.acknowledgeHours }, { cover: undefined })
        : undefined,
    );
    if (moved) report.moved++;
  }
  const mine = (await deps.tasks.openForVisitor(to!.personId)).filter((t) => t.history.some((h) => h.detail?.endsWith(`[${moveId}]`)));
  report.total = mine.length;
  if (mine.length > 0) {
    const { sms } = deps.runtime.config;
    const firstDue = mine.reduce((a, t) => (t.end < a ? t.end : a), mine[0]!.end);
    const result = await deps.outbox.enqueue({
      messageId: `handover#${from.personId}#${to!.personId}#${localDateOf(at)}`,
      ...smsContent(sms, 'tasks_handover', { count: mine.length, firstDue }),
      urgent: false,
      recipientId: to!.personId,
      phone: to!.phone,
      createdAt: at,
      sendAfter: sendAfterFor(at, sms.quietHours, false),
      taskRefs: mine.slice(0, 50).map((t) => `${t.elderId}#${t.taskId}`),
    });
    report.smsQueued = result === 'queued';
  }
  return report;
}

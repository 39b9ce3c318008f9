import { ladderForTask } from '../domain/escalation/ladder';
import { acknowledge, NOT_ESCALATED, restartLadder } from '../domain/escalation/step';
import { cannotSupervise } from '../domain/people/authority';
import { visitorProblem } from '../domain/access/access';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import type { METHOD_WORDS } from '../domain/sms/catalogue';
import type { VisitMethod } from '../domain/policy/methods';
import { apply, isActive } from '../domain/task/lifecycle';
import type { Task } from '../domain/task/task';
import { freezeIfClosed } from '../domain/task/outcome';
import { addHours, toInstant, toMillis } from '../domain/time/instant';
import { ValidationError } from '../domain/validation';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, DeadlineScheduler, Outbox, PersonRepository, TaskRepository } from '../ports';
import { wakeAt } from './deadlines';
import { smsContent } from './sms-message';

export interface SuperviseDeps {
  tasks: TaskRepository;
  people: PersonRepository;
  outbox: Outbox;
  clock: Clock;
  runtime: RegionRuntime;
  /** Wakes escalation when an acknowledgement ends (the 15-minute poll is the safety net). */
  deadlines?: DeadlineScheduler | undefined;
}

export interface TaskRef {
  elderId: string;
  taskId: string;
  /** The supervisor acting. */
  by: string;
}

export const RESOLUTIONS = ['hospitalised', 'moved', 'refused', 'deceased', 'other'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** A supervisor acting outside their area or role. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/**
 * Loads a task a supervisor may act on, applies `change`, and writes it with a version check,
 * re-reading and re-applying if the task changed meanwhile (a visit, an escalation run).
 */
async function act(deps: SuperviseDeps, ref: TaskRef, change: (task: Task, at: string) => Task): Promise<Task> {
  const actor = await deps.people.get(ref.by);
  for (let attempt = 0; attempt < 5; attempt++) {
    const task = await deps.tasks.get(ref.elderId, ref.taskId);
    if (!task) throw new ValidationError('task', [{ field: 'taskId', rule: `no task ${ref.taskId} for elder ${ref.elderId}` }]);
    const refusal = cannotSupervise(actor, task.villageCode);
    if (refusal) throw new ForbiddenError(`${ref.by} ${refusal}`);
    const next = change(task, toInstant(deps.clock.now()));
    if (await deps.tasks.update({ ...next, version: task.version + 1 })) return { ...next, version: task.version + 1 };
  }
  throw new Error(`task ${ref.elderId}#${ref.taskId} kept changing; nothing was written, try again`);
}

/**
 * 确认: stops further escalation for the acknowledgement period and records who. `via` names
 * where it came from (an SMS reply): acknowledging again from the same source changes nothing.
 */
export async function acknowledgeTask(deps: SuperviseDeps, ref: TaskRef & { hours?: number; via?: string }): Promise<Task> {
  const hours = ref.hours ?? deps.runtime.config.escalation.acknowledgeHours;
  const task = await act(deps, ref, (task, at) => {
    if (!isActive(task.state)) throw new ValidationError('acknowledgement', [{ field: 'taskId', rule: `the task is ${task.state}: there is nothing to acknowledge` }]);
    if (ref.via !== undefined && task.history.some((h) => h.event === 'acknowledge' && h.detail?.endsWith(`(${ref.via})`))) return task;
    const escalation = acknowledge(task.escalation ?? NOT_ESCALATED, ref.by, at, hours);
    const detail = `escalation held until ${escalation.acknowledged!.until}${ref.via !== undefined ? ` (${ref.via})` : ''}`;
    return { ...task, escalation, history: [...task.history, { at, event: 'acknowledge', by: ref.by, detail }] };
  });
  const until = task.escalation?.acknowledged?.until;
  if (until !== undefined) await wakeAt(deps.deadlines, 'escalate-overdue', until, toInstant(deps.clock.now()));
  return task;
}

/**
 * 改派: gives the task to another visitor, who gets an SMS; the old visitor's list loses it and
 * the history keeps who, when and why. An overdue task's ladder starts over, counting from the
 * end of a grace period (the acknowledgement time), so the new visitor has time to go.
 */
export async function reassignTask(deps: SuperviseDeps, ref: TaskRef & { toVisitorId: string; reason: string }): Promise<Task> {
  const visitor = await deps.people.get(ref.toVisitorId);
  if (!visitor || !visitor.active || !visitor.roles.includes('visitor')) {
    throw new ValidationError('reassignment', [{ field: 'toVisitorId', rule: `${ref.toVisitorId} is not an active visitor on the roster` }]);
  }
  const task = await act(deps, ref, (t, at) => {
    // The new visitor must serve the elder's village: a task opens the elder's record to its visitor.
    const problem = visitorProblem(visitor, t.villageCode);
    if (problem) throw new ValidationError('reassignment', [{ field: 'toVisitorId', rule: problem }]);
    const status = apply(t, t.visitorId === undefined ? { type: 'assign', visitorId: ref.toVisitorId } : { type: 'reassign', visitorId: ref.toVisitorId, reason: ref.reason });
    const detail = `${t.visitorId ?? 'nobody'} → ${ref.toVisitorId}: ${ref.reason}`;
    // An overdue task gets a fresh ladder counting from the end of the new visitor's grace period.
    const { escalation: config } = deps.runtime.config;
    const overdue = toMillis(t.dueAt) < toMillis(at);
    const escalation = overdue ? restartLadder(t.dueAt, ladderForTask(config, t), addHours(at, config.acknowledgeHours)) : undefined;
    return { ...t, ...status, escalation, history: [...t.history, { at, event: t.visitorId === undefined ? 'assign' : 'reassign', by: ref.by, detail }] };
  });
  const { config } = deps.runtime;
  const now = toInstant(deps.clock.now());
  const overdue = toMillis(task.dueAt) < toMillis(now);
  const content = smsContent(config.sms, overdue ? 'reassignment_overdue' : 'reassignment', { elder: task.maskedName, village: task.villageName, dueDate: task.end, method: methodWord(task.methods) });
  await deps.outbox.enqueue({
    messageId: `reassign#${task.elderId}#${task.taskId}#${task.version}`,
    ...content,
    urgent: false,
    recipientId: visitor.personId,
    phone: visitor.phone,
    createdAt: now,
    sendAfter: sendAfterFor(now, config.sms.quietHours, false),
    taskRefs: [`${task.elderId}#${task.taskId}`],
  });
  return task;
}

/** How the visit may be made, in one word: 上门 when only a home visit counts. */
function methodWord(methods: readonly VisitMethod[]): (typeof METHOD_WORDS)[number] {
  if (methods.length === 1 && methods[0] === 'home') return '上门';
  return methods.includes('phone') ? '电话或上门' : '按要求';
}

/** 办结: closes the task with a reason (elder in hospital, moved, refused…); escalation ends. */
export function resolveTask(deps: SuperviseDeps, ref: TaskRef & { resolution: Resolution; note?: string }): Promise<Task> {
  return act(deps, ref, (task, at) => {
    const reason = `resolved: ${ref.resolution}${ref.note ? ` (${ref.note})` : ''}`;
    const status = apply(task, { type: 'cancel', reason });
    return { ...freezeIfClosed(task, at), ...status, closedReason: reason, history: [...task.history, { at, event: 'cancel', by: ref.by, detail: reason }] };
  });
}

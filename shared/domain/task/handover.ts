import { restartLadder } from '../escalation/step';
import type { Ladder } from '../escalation/ladder';
import { addHours, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import { apply } from './lifecycle';
import type { TaskEvent } from './lifecycle';
import type { Task } from './task';

/**
 * A task given to another visitor (or to nobody) by anything but a visit: a leave's cover, the
 * hand-back after it, a supervisor moving all of a visitor's tasks, an elder who moved. The
 * history keeps who, when and why; an overdue task's ladder starts over after the new visitor's
 * grace period (`graceHours`), as a single reassignment does, so they have time to go.
 */
export function handedOver(task: Task, to: string | undefined, at: Instant, by: string, reason: string, escalation: { ladder: Ladder; graceHours: number }, changes: Partial<Task> = {}): Task {
  const event: TaskEvent = to === undefined ? { type: 'release', reason } : task.visitorId === undefined ? { type: 'assign', visitorId: to } : { type: 'reassign', visitorId: to, reason };
  const status = apply(task, event);
  const overdue = toMillis(task.dueAt) < toMillis(at);
  return {
    ...task,
    ...changes,
    ...status,
    escalation: overdue ? restartLadder(task.dueAt, escalation.ladder, addHours(at, escalation.graceHours)) : task.escalation,
    history: [...task.history, { at, event: event.type, by, detail: `${task.visitorId ?? 'nobody'} → ${to ?? 'nobody'}: ${reason}` }],
    version: task.version + 1,
  };
}

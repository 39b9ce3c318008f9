import type { VisitMethod } from '../policy/methods';
import { isActive } from '../task/lifecycle';
import type { Task } from '../task/task';
import { endOfDay, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import type { EventOccasion } from './occasion';
import { inAlertArea } from './areas';
import { effectFor } from './plan';
import type { SpecialRule } from './rules';

/**
 * 封控管理等无法上门探访 (民发〔2022〕73号 二(五); 沪民养老发〔2023〕7号): where an order suspends
 * home visits, a routine task that needs one and whose window meets the event's days may be
 * completed remotely until the event ends. The task records which event, until when, and which
 * methods, so the visit rate can tell these windows apart; nothing else about it changes.
 * Undefined when the task is not concerned or already says so.
 */
export function suspendHomeVisits(task: Task, occasion: EventOccasion, methods: readonly VisitMethod[], at: Instant): Task | undefined {
  if (task.kind !== 'routine' || !task.homeRequired || !isActive(task.state)) return undefined;
  const { from, to } = occasion.event;
  if (task.end < from || task.start > to) return undefined;
  const until = endOfDay(to);
  if (task.remote?.occasionId === occasion.occasionId && task.remote.until === until && task.remote.methods.join() === methods.join()) return undefined;
  return {
    ...task,
    remote: { occasionId: occasion.occasionId, until, methods: [...methods] },
    history: [...task.history, { at, event: 'occasion', by: 'special-periods', detail: `home visits suspended by ${occasion.occasionId}: ${methods.join('/')} also count until ${until}` }],
    version: task.version + 1,
  };
}

/** A cancelled event gives home visits back from now on (remote visits made before still count). */
export function liftSuspension(task: Task, occasionId: string, at: Instant): Task | undefined {
  if (task.remote?.occasionId !== occasionId || !isActive(task.state) || toMillis(task.remote.until) <= toMillis(at)) return undefined;
  return {
    ...task,
    remote: { ...task.remote, until: at },
    history: [...task.history, { at, event: 'occasion', by: 'special-periods', detail: `${occasionId} was cancelled: home visits required again` }],
    version: task.version + 1,
  };
}

/** The methods that complete a task for a visit made at `at`: its own, and the remote ones while home visits are suspended. */
export function methodsAt(task: Pick<Task, 'methods' | 'remote'>, at: Instant): VisitMethod[] {
  if (!task.remote || toMillis(at) > toMillis(task.remote.until)) return task.methods;
  return [...new Set([...task.methods, ...task.remote.methods])];
}

/**
 * A routine task made while declared events are in force: marked remote-countable when one of
 * them, in the task's area, suspends home visits for the task's tier (its rule's methods), as
 * applying the event marked the tasks that existed then. The task as it was otherwise.
 */
export function suspendedByEvents(task: Task, events: readonly EventOccasion[], rules: readonly SpecialRule[], at: Instant): Task {
  for (const event of events) {
    if (!event.event.homeVisitsSuspended || !inAlertArea(task.villageCode, event.event.areaCodes)) continue;
    const methods = effectFor(event, task.tier, rules, at)?.remoteRoutineMethods;
    const marked = methods && suspendHomeVisits(task, event, methods, at);
    // A new task keeps its first version: the mark is part of how it is made, not a later change.
    if (marked) return { ...marked, version: task.version };
  }
  return task;
}

import type { Instant } from '../time/instant';

/**
 * A visit task's life: open (no visitor yet) → assigned → completed | cancelled | missed.
 * Reassignment moves a task to another visitor. A missed task (its window closed without a
 * qualifying visit) stays visible and keeps escalating until a late visit completes it, a
 * supervisor reassigns it, or it is resolved (cancelled with a reason); completed and
 * cancelled are final. A late completion never counts towards the visit rate.
 */
export const TASK_STATES = ['open', 'assigned', 'completed', 'cancelled', 'missed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** Not closed: still owed, still visible to the visitor, still escalating once overdue. */
export const ACTIVE_STATES: readonly TaskState[] = ['open', 'assigned', 'missed'];

export type TaskEvent =
  | { type: 'assign'; visitorId: string }
  | { type: 'reassign'; visitorId: string; reason: string }
  | { type: 'complete'; visitId: string }
  | { type: 'cancel'; reason: string }
  | { type: 'miss' }
  /** A completed task whose visit was judged fake (不探访假探访) while its window is still open: owed again. */
  | { type: 'reopen'; reason: string }
  /** Nobody can do it now (the elder moved to a village without a named visitor): open again, for the liaison to assign. */
  | { type: 'release'; reason: string };

export interface TaskStatus {
  state: TaskState;
  visitorId?: string | undefined;
}

/**
 * What can appear on a task's history: its transitions and the things recorded against it
 * (`family_confirmed`: the family replied that they contacted the elder; never a visit;
 * `home_consent`: a refusal of home visits recorded or withdrawn; `move`: the elder moved village).
 */
export type HistoryEvent = TaskEvent['type'] | 'create' | 'visit_not_counted' | 'escalate' | 'acknowledge' | 'occasion' | 'visit_judged_fake' | 'family_confirmed' | 'home_consent' | 'move';

export interface HistoryEntry {
  at: Instant;
  event: HistoryEvent;
  by: string;
  detail?: string;
  /**
   * On the entries an occasion's application writes on a special task (its creation, the occasion
   * added to it, made stricter by it): which occasion, at which revision, and what it changed. A
   * rerun of that revision's application after a crash tells its own earlier work from an earlier
   * revision's: it counts it once, and still tells the visitor of a visit it made stricter.
   */
  occasion?: { id: string; revision: number; added?: true; tightened?: true };
}

export class TaskTransitionError extends Error {
  override readonly name = 'TaskTransitionError';
  constructor(
    readonly from: TaskState,
    readonly event: TaskEvent['type'],
    reason: string,
  ) {
    super(`cannot ${event} a task that is ${from}: ${reason}`);
  }
}

export type Transition = { ok: true; status: TaskStatus } | { ok: false; error: TaskTransitionError };

const ok = (status: TaskStatus): Transition => ({ ok: true, status });
const refuse = (from: TaskState, event: TaskEvent['type'], reason: string): Transition => ({
  ok: false,
  error: new TaskTransitionError(from, event, reason),
});

export function isActive(state: TaskState): boolean {
  return ACTIVE_STATES.includes(state);
}

export function transition(current: TaskStatus, event: TaskEvent): Transition {
  const { state } = current;
  if (event.type === 'reopen') {
    if (state !== 'completed') return refuse(state, event.type, 'only a completed task can be reopened');
    if (event.reason.trim() === '') return refuse(state, event.type, 'reopening needs a reason');
    return ok({ state: current.visitorId === undefined ? 'open' : 'assigned', visitorId: current.visitorId });
  }
  if (!isActive(state)) return refuse(state, event.type, 'the task is closed');
  // A missed task keeps its state when a visitor is (re)assigned: the window was still missed.
  const stays = (visitorId: string): Transition => ok({ state: state === 'missed' ? 'missed' : 'assigned', visitorId });
  switch (event.type) {
    case 'assign':
      if (current.visitorId !== undefined) return refuse(state, event.type, `it already has visitor ${current.visitorId}; reassign it instead`);
      return stays(event.visitorId);
    case 'reassign':
      if (current.visitorId === undefined) return refuse(state, event.type, 'it has no visitor yet; assign it instead');
      if (event.visitorId === current.visitorId) return refuse(state, event.type, 'the new visitor is the current one');
      if (event.reason.trim() === '') return refuse(state, event.type, 'a reassignment needs a reason');
      return stays(event.visitorId);
    case 'complete':
      if (current.visitorId === undefined) return refuse(state, event.type, 'only a task with a visitor can be completed; assign the visitor first');
      return ok({ state: 'completed', visitorId: current.visitorId });
    case 'cancel':
      if (event.reason.trim() === '') return refuse(state, event.type, 'a cancellation needs a reason');
      return ok({ state: 'cancelled', visitorId: current.visitorId });
    case 'release':
      if (current.visitorId === undefined) return refuse(state, event.type, 'it has no visitor');
      if (event.reason.trim() === '') return refuse(state, event.type, 'a release needs a reason');
      return ok({ state: state === 'missed' ? 'missed' : 'open', visitorId: undefined });
    case 'miss':
      if (state === 'missed') return refuse(state, event.type, 'it is already missed');
      return ok({ state: 'missed', visitorId: current.visitorId });
  }
}

/** Applies an event or throws the transition error (for callers that cannot continue). */
export function apply(current: TaskStatus, event: TaskEvent): TaskStatus {
  const result = transition(current, event);
  if (!result.ok) throw result.error;
  return result.status;
}

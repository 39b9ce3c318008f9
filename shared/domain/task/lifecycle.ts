import type { Instant } from '../time/instant';

/**
 * A visit task's life: open (no visitor yet) → assigned → completed | cancelled | missed.
 * Reassignment moves an assigned task to another visitor. The three end states are final:
 * a late visit is still recorded, but it does not turn a missed window into a completed one.
 */
export const TASK_STATES = ['open', 'assigned', 'completed', 'cancelled', 'missed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const ACTIVE_STATES: readonly TaskState[] = ['open', 'assigned'];

export type TaskEvent =
  | { type: 'assign'; visitorId: string }
  | { type: 'reassign'; visitorId: string; reason: string }
  | { type: 'complete'; visitId: string }
  | { type: 'cancel'; reason: string }
  | { type: 'miss' };

export interface TaskStatus {
  state: TaskState;
  visitorId?: string | undefined;
}

/** What can appear on a task's history: its transitions and the things recorded against it. */
export type HistoryEvent = TaskEvent['type'] | 'create' | 'visit_not_counted';

export interface HistoryEntry {
  at: Instant;
  event: HistoryEvent;
  by: string;
  detail?: string;
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
  if (!isActive(state)) return refuse(state, event.type, 'the task is closed');
  switch (event.type) {
    case 'assign':
      if (state === 'assigned') return refuse(state, event.type, `it already has visitor ${current.visitorId ?? ''}; reassign it instead`);
      return ok({ state: 'assigned', visitorId: event.visitorId });
    case 'reassign':
      if (state !== 'assigned') return refuse(state, event.type, 'it has no visitor yet; assign it instead');
      if (event.visitorId === current.visitorId) return refuse(state, event.type, 'the new visitor is the current one');
      if (event.reason.trim() === '') return refuse(state, event.type, 'a reassignment needs a reason');
      return ok({ state: 'assigned', visitorId: event.visitorId });
    case 'complete':
      if (state !== 'assigned') return refuse(state, event.type, 'only an assigned task can be completed; assign the visitor first');
      return ok({ state: 'completed', visitorId: current.visitorId });
    case 'cancel':
      if (event.reason.trim() === '') return refuse(state, event.type, 'a cancellation needs a reason');
      return ok({ state: 'cancelled', visitorId: current.visitorId });
    case 'miss':
      return ok({ state: 'missed', visitorId: current.visitorId });
  }
}

/** Applies an event or throws the transition error (for callers that cannot continue). */
export function apply(current: TaskStatus, event: TaskEvent): TaskStatus {
  const result = transition(current, event);
  if (!result.ok) throw result.error;
  return result.status;
}

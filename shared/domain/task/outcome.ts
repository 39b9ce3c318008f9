import type { VisitMethod } from '../policy/methods';
import { toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import { apply, isActive } from './lifecycle';
import type { Task } from './task';

/**
 * What a routine window's visit rate counts (探访率), fixed once: when a qualifying visit completes
 * the task in time, or when the window closes without one (the escalation run marks it missed).
 * Later changes to the task or the ledger — a late visit aside, which names the shortfall, and a
 * visit later judged fake — never rewrite it, so last month's rate stays last month's.
 *
 * visited: a qualifying visit inside the window. missed: none by the close. late: the first
 * qualifying visit came after the close. fake: completed only by a visit later judged fake.
 */
export const OUTCOME_RESULTS = ['visited', 'missed', 'late', 'fake'] as const;
export type OutcomeResult = (typeof OUTCOME_RESULTS)[number];

export interface WindowOutcome {
  result: OutcomeResult;
  /** Who was responsible for the window when the outcome was fixed; absent: nobody was assigned. */
  visitorId?: string | undefined;
  method?: VisitMethod | undefined;
  visitId?: string | undefined;
  at: Instant;
}

type Owed = Pick<Task, 'kind' | 'dueAt' | 'state' | 'outcome' | 'visitorId'>;

const closed = (task: Pick<Task, 'dueAt'>, at: Instant) => toMillis(task.dueAt) <= toMillis(at);

/** The window closed without a qualifying visit (only routine windows count towards the rate). */
export function missedOutcome(task: Owed, at: Instant): WindowOutcome | undefined {
  if (task.kind !== 'routine') return undefined;
  return { result: 'missed', visitorId: task.visitorId, at };
}

/** A visit completing the task: visited when in time, late when after the close. */
export function completionOutcome(task: Owed, visit: { visitId: string; visitorId: string; method: VisitMethod; late?: boolean | undefined }, at: Instant): WindowOutcome | undefined {
  if (task.kind !== 'routine') return undefined;
  return { result: visit.late ? 'late' : 'visited', visitorId: task.visitorId ?? visit.visitorId, method: visit.method, visitId: visit.visitId, at };
}

/**
 * Before an active task is changed (cancelled, resolved): if its window has already closed and
 * no run recorded that yet, fix the miss first, so cancelling afterwards cannot erase it.
 */
export function freezeIfClosed<T extends Owed>(task: T, at: Instant): T {
  if (task.outcome || !isActive(task.state) || !closed(task, at)) return task;
  const outcome = missedOutcome(task, at);
  return outcome ? { ...task, outcome } : task;
}

/**
 * A visit judged fake stops counting. If it completed this task and the window is still open,
 * the task is owed again (reopened, back on the visitor's list); if the window has closed, its
 * outcome becomes `fake`. Either way the history says who judged it and why.
 */
export function afterFakeVisit(task: Task, visitId: string, by: string, at: Instant): Task | undefined {
  if (task.visitId !== visitId || task.state !== 'completed' || task.fakeVisits?.includes(visitId)) return undefined;
  const detail = `visit ${visitId} judged fake (不探访假探访)`;
  if (!closed(task, at)) {
    const status = apply(task, { type: 'reopen', reason: detail });
    return {
      ...task,
      ...status,
      completedAt: undefined,
      late: undefined,
      visitId: undefined,
      visitFlags: undefined,
      outcome: undefined,
      fakeVisits: [...(task.fakeVisits ?? []), visitId],
      history: [...task.history, { at, event: 'reopen', by, detail: `${detail}: the window is still open, the task is owed again` }],
      version: task.version + 1,
    };
  }
  const base = task.outcome ?? completionOutcome(task, { visitId, visitorId: task.visitorId ?? by, method: 'other', late: task.late }, at);
  return {
    ...task,
    ...(base ? { outcome: { ...base, result: 'fake' as const, at } } : {}),
    fakeVisits: [...(task.fakeVisits ?? []), visitId],
    history: [...task.history, { at, event: 'visit_judged_fake', by, detail: `${detail}: the window had closed; it counts as not visited` }],
    version: task.version + 1,
  };
}

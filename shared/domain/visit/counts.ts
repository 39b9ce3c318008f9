import type { Task } from '../task/task';
import { toMillis } from '../time/instant';
import type { VisitForm } from './visit-form';
import { VISIT_METHOD_NAMES_ZH } from '../policy/methods';
import { methodsAt } from '../special/suspension';

export type VisitCount = { counts: true; late: boolean } | { counts: false; reason: string };

/**
 * Whether a visit completes its task: the method must be one the elder's tier accepts (a phone
 * call does not complete a task that needs a home visit) and it must not come before the window
 * opens. A visit after the window closed completes the task late: it ends escalation, but the
 * window stays unvisited for the visit rate. A visit that does not count is still stored: it
 * happened and its findings matter.
 */
export function visitCounts(task: Pick<Task, 'methods' | 'homeRequired' | 'opensAt' | 'dueAt' | 'remote'>, visit: Pick<VisitForm, 'method' | 'visitedAt'>): VisitCount {
  // Where an order suspends home visits, remote methods count too until it ends.
  if (!methodsAt(task, visit.visitedAt).includes(visit.method)) {
    const accepted = task.methods.map((m) => VISIT_METHOD_NAMES_ZH[m]).join('/');
    return {
      counts: false,
      reason: task.homeRequired ? `a ${visit.method} visit does not count: this elder needs a home visit (上门入户)` : `a ${visit.method} visit does not count for this elder's tier (accepted: ${accepted})`,
    };
  }
  const at = toMillis(visit.visitedAt);
  if (at < toMillis(task.opensAt)) return { counts: false, reason: `the visit is before the window opens (${task.opensAt})` };
  return { counts: true, late: at > toMillis(task.dueAt) };
}

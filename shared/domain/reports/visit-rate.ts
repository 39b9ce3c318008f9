import type { TaskSummary } from '../task/task';
import { toMillis } from '../time/instant';
import type { Instant } from '../time/instant';

/** 探访率 for one area and period, as of a moment. */
export interface VisitRate {
  /** Visits owed whose window has closed by `asOf` (cancelled tasks are no longer owed). */
  due: number;
  /** Of those, the ones made in time. */
  completed: number;
  /** Closed windows without a qualifying visit. */
  notVisited: number;
  /** Windows still open on `asOf`; they count once they close. */
  stillOpen: number;
  /** Of the windows still open, those already visited. */
  visitedEarly: number;
  /** completed ÷ due, or null when no window has closed yet. */
  rate: number | null;
}

/**
 * The visit rate the seeds set goals for (monthly 100 %, Shanghai weekly): of the visits owed
 * in windows that have closed, the share that were made. Open windows are reported apart, so a
 * month in progress is not flattered by the visits made early.
 */
export function visitRate(tasks: readonly Pick<TaskSummary, 'state' | 'dueAt' | 'late'>[], asOf: Instant): VisitRate {
  const now = toMillis(asOf);
  const rate: VisitRate = { due: 0, completed: 0, notVisited: 0, stillOpen: 0, visitedEarly: 0, rate: null };
  for (const task of tasks) {
    if (task.state === 'cancelled') continue;
    // A late visit ended escalation but did not make the window's visit.
    const done = task.state === 'completed' && task.late !== true;
    if (toMillis(task.dueAt) <= now) {
      rate.due++;
      if (done) rate.completed++;
      else rate.notVisited++;
    } else {
      rate.stillOpen++;
      if (done) rate.visitedEarly++;
    }
  }
  rate.rate = rate.due === 0 ? null : rate.completed / rate.due;
  return rate;
}

import { instantAt, localDateOf, toMillis } from '../time/instant';
import { isActive } from './lifecycle';
import type { Task } from './task';

/** `YYYY-MM` plus `n` months. */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month a task closed in: its completion, else its last history entry (a cancellation). */
function closedMonth(task: Pick<Task, 'completedAt' | 'history'>): string | undefined {
  const at = task.completedAt ?? task.history.at(-1)?.at;
  return at === undefined ? undefined : localDateOf(at).slice(0, 7);
}

/**
 * When a closed task may leave the hot table (epoch seconds, for DynamoDB's TTL): the start of
 * the month after its window's month plus `months` full months. Active tasks (open, assigned,
 * missed) never expire. A task closed in or after its window month's last archive pass (the month
 * its items would expire in, see archive-closed.ts) is kept for good: the archive could not see
 * its last state, and such late closings are a handful per year.
 */
export function expiryOf(task: Pick<Task, 'state' | 'end' | 'completedAt' | 'history'>, months: number): number | undefined {
  if (isActive(task.state)) return undefined;
  const windowMonth = task.end.slice(0, 7);
  const closed = closedMonth(task);
  const lastPass = addMonths(windowMonth, months);
  if (closed === undefined || closed >= lastPass) return undefined;
  return Math.floor(toMillis(instantAt(`${addMonths(lastPass, 1)}-01`, '00:00:00')) / 1000);
}

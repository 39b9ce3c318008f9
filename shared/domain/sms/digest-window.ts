import { addDays } from '../time/local-date';
import { instantAt, localDateOf, toInstant, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';

/**
 * Supervisors hear of overdue visits in digests, one per digest window (default 09:00 and
 * 15:00): the escalation run still records each step on each task every 15 minutes, but the
 * SMS waits for the next window and says how many tasks, since when, and where to act.
 * Windows are local times HH:MM, ascending.
 */
export const DEFAULT_DIGEST_WINDOWS = ['09:00', '15:00'] as const;

/** The first window at or after `now` (later today, or the first one tomorrow). */
export function digestWindowAt(now: Instant, windows: readonly string[]): Instant {
  const today = localDateOf(now);
  for (const day of [today, addDays(today, 1)]) {
    for (const hhmm of windows) {
      const at = instantAt(day, `${hhmm}:00`);
      if (toMillis(at) >= toMillis(now)) return at;
    }
  }
  throw new Error('digest windows must name at least one time of day');
}

/** The window after `window`: where tasks go when this window's digest has already been taken for sending. */
export function windowAfter(window: Instant, windows: readonly string[]): Instant {
  return digestWindowAt(toInstant(new Date(toMillis(window) + 60_000)), windows);
}

export interface DigestContent {
  taskRefs: string[];
  earliestDueAt: Instant;
}

/**
 * Adds tasks to a digest. Refs are a set and the earliest due time a minimum, so adding the
 * same tasks again (a rerun after a crash, two runs at once) changes nothing: no task counted twice.
 */
export function mergeDigest(existing: DigestContent | undefined, added: DigestContent): DigestContent {
  if (!existing) return { taskRefs: [...new Set(added.taskRefs)].sort(), earliestDueAt: added.earliestDueAt };
  return {
    taskRefs: [...new Set([...existing.taskRefs, ...added.taskRefs])].sort(),
    earliestDueAt: toMillis(added.earliestDueAt) < toMillis(existing.earliestDueAt) ? added.earliestDueAt : existing.earliestDueAt,
  };
}

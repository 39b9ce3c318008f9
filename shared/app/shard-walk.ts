import type { JobPage } from '../ports';
import type { TimeBudget } from './time-budget';

/** Where a job's walk over one shard stands: done, or where the next invocation carries on. */
export type ShardProgress = { done: true } | { done: false; after?: string | undefined };

/** Time kept back for the last writes, the continuation's enqueue and the handler's logging. */
export const SAFETY_MARGIN_MS = 10_000;

/**
 * Walks one shard page by page, handling each page completely (its writes committed) before
 * reading the next, and stops before the budget runs out: while the time left exceeds the
 * margin plus twice the slowest page so far. Page times are measured on the budget itself,
 * so tests drive them with an injected budget and no clock.
 */
export async function walkShard<T>(budget: TimeBudget, after: string | undefined, read: (after: string | undefined) => Promise<JobPage<T>>, handle: (items: T[]) => Promise<void>): Promise<ShardProgress> {
  let slowest = 0;
  let at = after;
  for (;;) {
    const left = budget.remainingMs();
    if (left < SAFETY_MARGIN_MS + 2 * slowest) return { done: false, after: at };
    const page = await read(at);
    await handle(page.items);
    const took = left - budget.remainingMs();
    if (Number.isFinite(took)) slowest = Math.max(slowest, took);
    if (page.next === undefined) return { done: true };
    at = page.next;
  }
}

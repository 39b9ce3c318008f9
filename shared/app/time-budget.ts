/** Milliseconds left for this invocation; jobs stop cleanly before it runs out and hand the rest on. */
export interface TimeBudget {
  remainingMs(): number;
}

/** The Lambda context's own clock of the invocation's time left. */
export function budgetFrom(context: { getRemainingTimeInMillis(): number }): TimeBudget {
  return { remainingMs: () => context.getRemainingTimeInMillis() };
}

/** No limit: the local runner and tests that do not exercise stopping. */
export const unlimited: TimeBudget = { remainingMs: () => Number.POSITIVE_INFINITY };

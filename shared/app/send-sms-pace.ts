import type { Clock } from '../ports';

/**
 * Hands out provider-call slots at most `perSecond` apart on the injected clock, to any number
 * of concurrent senders: each caller reserves the next free slot synchronously (so two callers
 * never take the same one) and then waits for it. This replaces a sleep after every call: calls
 * in flight overlap, and only their starts are spaced to the provider's request rate.
 */
export function createPacer(perSecond: number, clock: Clock, sleep: (ms: number) => Promise<void>): () => Promise<void> {
  const interval = 1000 / perSecond;
  let next = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = clock.now().getTime();
    const slot = Math.max(now, next);
    next = slot + interval;
    if (slot > now) await sleep(slot - now);
  };
}

import { toMillis } from './instant';
import type { Instant } from './instant';

/**
 * How far a sender's clock (a visitor's phone, a weather service) may run ahead of ours before
 * a time it gives is not believed: anything later is in the future, and refused.
 */
export const MAX_CLOCK_SKEW_MINUTES = 5;

/** Whether a time lies beyond `now` plus the allowed skew. */
export function isInTheFuture(value: string, now: Instant): boolean {
  return Date.parse(value) > toMillis(now) + MAX_CLOCK_SKEW_MINUTES * 60_000;
}

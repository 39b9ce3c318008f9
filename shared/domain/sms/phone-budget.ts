import { addDays } from '../time/local-date';
import { addHours, instantAt, localDateOf, toInstant, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import type { SmsKind } from './message';
import type { SmsProviderId } from './provider';
import { sendAfterFor } from './quiet-hours';
import type { QuietHours } from './quiet-hours';

/**
 * How many SMS one phone may get. Providers cap messages per number and refuse the rest:
 * Aliyun ≤ 50 a day per signature and template for one number (notifications); Tencent
 * Cloud's defaults are 2 a day per number and one identical message per 30 s (an office may
 * raise them in the console); Baidu 3 a minute, 10 an hour; and carriers themselves hold a
 * number to about 10 non-marketing messages a day (Tencent FAQ 安全相关问题). We stay under
 * them, so a supervisor is never cut off by the provider in the middle of an emergency.
 */
export interface PhoneLimits {
  /** All kinds together, per phone per local day. */
  perDay: number;
  /** Tighter caps per kind, per phone per local day. */
  perKind: Partial<Record<SmsKind, number>>;
  /** The same text to the same phone waits this long after the last one. */
  identicalSeconds: number;
}

/** Per day, by provider: Tencent's console default (2) until the office raises it there and here; otherwise the carriers' 10. */
export const DEFAULT_PER_DAY: Record<SmsProviderId, number> = { aliyun: 10, tencent: 2, sns: 10, local: 10 };

/**
 * Per kind, per phone per day. One digest a day is the rule (a second one is a bug, deferred
 * rather than sent); escalations arrive one per digest window (the default is set from the
 * region's windows); emergencies and undelivered-urgent notices have no cap: they are urgent.
 */
export const DEFAULT_PER_KIND: Partial<Record<SmsKind, number>> = { assignment_digest: 1, reassignment: 3, follow_up: 3, weather_notice: 3, festival_notice: 2, ledger_review: 3, event_notice: 3 };

export const DEFAULT_IDENTICAL_SECONDS = 30;

/** Which limit kept a non-urgent message back. */
export type PhoneLimit = 'day' | 'kind' | 'identical';

/** What a phone's counter for one day holds. */
export interface PhoneDayCount {
  total: number;
  byKind: Partial<Record<SmsKind, number>>;
  lastContent?: string | undefined;
  lastAt?: Instant | undefined;
}

/** The limit a non-urgent message of `kind` and `content` would break now, if any. Urgent messages break none. */
export function limitReached(count: PhoneDayCount, kind: SmsKind, content: string, now: Instant, limits: PhoneLimits): PhoneLimit | undefined {
  if (count.total >= limits.perDay) return 'day';
  const kindCap = limits.perKind[kind];
  if (kindCap !== undefined && (count.byKind[kind] ?? 0) >= kindCap) return 'kind';
  if (count.lastContent === content && count.lastAt !== undefined && toMillis(now) - toMillis(count.lastAt) < limits.identicalSeconds * 1000) return 'identical';
  return undefined;
}

/**
 * When a message kept back by a limit may go: the next morning after quiet hours for a daily
 * limit (counters are per local day), or once the identical-message interval has passed.
 */
export function nextAllowedAt(limit: PhoneLimit, now: Instant, quiet: QuietHours, lastAt: Instant | undefined, limits: PhoneLimits): Instant {
  if (limit === 'identical') {
    const from = lastAt ?? now;
    return toInstant(new Date(toMillis(from) + limits.identicalSeconds * 1000 + 1000));
  }
  return sendAfterFor(instantAt(addDays(localDateOf(now), 1), '00:00:00'), quiet, false);
}

/**
 * When a message the provider itself refused for this number's cap may be tried again: the
 * next morning for a routine message; in 30 minutes for an urgent one (one more try, not a
 * storm, while the office hears of it through the failed-delivery alarm).
 */
export function providerLimitRetryAt(now: Instant, quiet: QuietHours, urgent: boolean): Instant {
  if (urgent) return addHours(now, 0.5);
  return sendAfterFor(instantAt(addDays(localDateOf(now), 1), '00:00:00'), quiet, false);
}

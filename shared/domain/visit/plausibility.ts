import type { Instant } from '../time/instant';
import { isInTheFuture, MAX_CLOCK_SKEW_MINUTES } from '../time/skew';
import type { FieldIssue } from '../validation';
import type { VisitForm } from './visit-form';

/** No home visit lasts longer than this; a longer span is a mistyped date, not a visit. */
export const MAX_VISIT_HOURS = 12;

const MINUTE = 60_000;

/**
 * Times a visit record cannot truly hold at `now` (the injected clock): a visit, arrival or
 * departure in the future beyond a small clock skew (a visit dated 2099 is never counted), a
 * departure more than MAX_VISIT_HOURS after arrival, an arrival or departure a day away from
 * the visit time. A fake-visit flag marks what is doubtful; this refuses what is impossible.
 */
export function implausibleVisit(form: Pick<VisitForm, 'visitedAt' | 'checkIn' | 'checkOut'>, now: Instant): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const times = { visitedAt: form.visitedAt, checkIn: form.checkIn, checkOut: form.checkOut };
  for (const [field, value] of Object.entries(times)) {
    if (value !== undefined && isInTheFuture(value, now)) issues.push({ field, rule: `is in the future (${value}; now ${now}, allowing ${MAX_CLOCK_SKEW_MINUTES} minutes of clock skew)` });
  }
  if (form.checkIn && form.checkOut && Date.parse(form.checkOut) - Date.parse(form.checkIn) > MAX_VISIT_HOURS * 60 * MINUTE) {
    issues.push({ field: 'checkOut', rule: `is more than ${MAX_VISIT_HOURS} hours after checkIn: no visit lasts that long, check the dates` });
  }
  const visited = Date.parse(form.visitedAt);
  for (const field of ['checkIn', 'checkOut'] as const) {
    const value = form[field];
    if (value !== undefined && Math.abs(Date.parse(value) - visited) > 24 * 60 * MINUTE) issues.push({ field, rule: 'is more than a day away from visitedAt: one record is one visit' });
  }
  return issues;
}

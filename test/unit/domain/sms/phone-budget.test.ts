import { describe, expect, it } from 'vitest';
import { digestWindowAt, mergeDigest, windowAfter } from '../../../../shared/domain/sms/digest-window';
import { limitReached, nextAllowedAt, providerLimitRetryAt } from '../../../../shared/domain/sms/phone-budget';
import type { PhoneLimits } from '../../../../shared/domain/sms/phone-budget';

const limits: PhoneLimits = { perDay: 3, perKind: { assignment_digest: 1 }, identicalSeconds: 30 };
const quiet = { start: '21:00', end: '08:00' };
const at = '2026-11-23T10:00:00+08:00';

describe('Per-phone limits', () => {
  it('stops a phone at its daily total, and a kind at its own cap', () => {
    expect(limitReached({ total: 2, byKind: {} }, 'reassignment', 'a', at, limits)).toBeUndefined();
    expect(limitReached({ total: 3, byKind: {} }, 'reassignment', 'a', at, limits)).toBe('day');
    expect(limitReached({ total: 1, byKind: { assignment_digest: 1 } }, 'assignment_digest', 'a', at, limits)).toBe('kind');
  });

  it('holds the same text to the same phone for 30 s, but not a different one', () => {
    const last = { total: 1, byKind: {}, lastContent: 'same', lastAt: '2026-11-23T09:59:45+08:00' };
    expect(limitReached(last, 'reassignment', 'same', at, limits)).toBe('identical');
    expect(limitReached(last, 'reassignment', 'other', at, limits)).toBeUndefined();
    expect(limitReached(last, 'reassignment', 'same', '2026-11-23T10:00:16+08:00', limits)).toBeUndefined();
  });

  it('defers a daily limit to the next morning after quiet hours, an identical text by the interval', () => {
    expect(nextAllowedAt('day', at, quiet, undefined, limits)).toBe('2026-11-24T08:00:00+08:00');
    expect(nextAllowedAt('kind', '2026-11-23T23:30:00+08:00', quiet, undefined, limits)).toBe('2026-11-24T08:00:00+08:00');
    expect(nextAllowedAt('identical', at, quiet, '2026-11-23T09:59:45+08:00', limits)).toBe('2026-11-23T10:00:16+08:00');
  });

  it("retries a provider's per-number refusal next morning, or in 30 minutes when urgent: never at once", () => {
    expect(providerLimitRetryAt(at, quiet, false)).toBe('2026-11-24T08:00:00+08:00');
    expect(providerLimitRetryAt(at, quiet, true)).toBe('2026-11-23T10:30:00+08:00');
  });
});

describe('Escalation digest windows', () => {
  const windows = ['09:00', '15:00'];

  it('puts a notice into the next window of the day, or the first one tomorrow', () => {
    expect(digestWindowAt('2026-11-16T00:05:00+08:00', windows)).toBe('2026-11-16T09:00:00+08:00');
    expect(digestWindowAt('2026-11-16T09:00:00+08:00', windows)).toBe('2026-11-16T09:00:00+08:00');
    expect(digestWindowAt('2026-11-16T09:05:00+08:00', windows)).toBe('2026-11-16T15:00:00+08:00');
    expect(digestWindowAt('2026-11-16T15:30:00+08:00', windows)).toBe('2026-11-17T09:00:00+08:00');
    expect(windowAfter('2026-11-16T15:00:00+08:00', windows)).toBe('2026-11-17T09:00:00+08:00');
  });

  it('merges tasks into a digest as a set: adding the same tasks again changes nothing', () => {
    const first = mergeDigest(undefined, { taskRefs: ['E2#a', 'E1#a'], earliestDueAt: '2026-11-15T23:59:59+08:00' });
    expect(first).toEqual({ taskRefs: ['E1#a', 'E2#a'], earliestDueAt: '2026-11-15T23:59:59+08:00' });
    expect(mergeDigest(first, { taskRefs: ['E1#a'], earliestDueAt: '2026-11-15T23:59:59+08:00' })).toEqual(first);
    expect(mergeDigest(first, { taskRefs: ['E3#b'], earliestDueAt: '2026-11-10T23:59:59+08:00' })).toEqual({ taskRefs: ['E1#a', 'E2#a', 'E3#b'], earliestDueAt: '2026-11-10T23:59:59+08:00' });
  });
});

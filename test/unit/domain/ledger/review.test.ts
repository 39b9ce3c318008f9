import { describe, expect, it } from 'vitest';
import { addMonths, isOverdueForReview, overdueFrom, reviewCutoff, reviewedOn, savedReview, underReview } from '../../../../shared/domain/ledger/review';
import { addDays } from '../../../../shared/domain/time/local-date';

const active = { state: 'active' } as const;

// 川民发〔2023〕116号 二(一)4: 建立基础台账，且每半年动态更新一次.
describe('Ledger review (每半年动态更新一次)', () => {
  it('adds months keeping the day, or the month’s last day when it has fewer', () => {
    expect(addMonths('2026-04-10', 6)).toBe('2026-10-10');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', -6)).toBe('2025-07-15');
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
  });

  it('makes an entry reviewed on 10 April overdue from 11 October, half a year on', () => {
    const elder = { lastReview: { on: '2026-04-10', by: 'lia-1', kind: 'checked' as const }, status: active };
    expect(isOverdueForReview(elder, '2026-10-10', 6)).toBe(false);
    expect(isOverdueForReview(elder, '2026-10-11', 6)).toBe(true);
    expect(overdueFrom('2026-04-10', 6)).toBe('2026-10-11');
  });

  it('agrees with itself every day of four years: overdue exactly from overdueFrom', () => {
    for (let day = '2024-01-01'; day < '2028-01-01'; day = addDays(day, 7)) {
      const from = overdueFrom(day, 6);
      const elder = { lastReview: { on: day, by: 'x', kind: 'checked' as const }, status: active };
      expect([day, isOverdueForReview(elder, addDays(from, -1), 6), isOverdueForReview(elder, from, 6)]).toEqual([day, false, true]);
      expect(reviewCutoff(from, 6) > day).toBe(true);
    }
  });

  it('falls back to the last write, then the day of entry, for entries older than reviews', () => {
    expect(reviewedOn({ updatedAt: '2026-03-02T10:00:00+08:00', registeredOn: '2026-01-05' })).toBe('2026-03-02');
    expect(reviewedOn({ registeredOn: '2026-01-05' })).toBe('2026-01-05');
    expect(reviewedOn({ lastReview: { on: '2026-05-01', by: 'x', kind: 'updated' }, updatedAt: '2026-09-02T10:00:00+08:00' })).toBe('2026-05-01');
  });

  it('closes the entry of a moved or deceased elder: never overdue', () => {
    expect(underReview({ state: 'moved' })).toBe(false);
    expect(underReview({ state: 'deceased' })).toBe(false);
    expect(underReview({ state: 'hospitalised' })).toBe(true);
    expect(underReview({ state: 'consent_withdrawn' })).toBe(true);
    expect(isOverdueForReview({ registeredOn: '2020-01-01', status: { state: 'deceased' } }, '2026-11-01', 6)).toBe(false);
  });

  it('takes a saved change of the form as a review by whoever saved it', () => {
    expect(savedReview('2026-11-20T10:00:00+08:00', { personId: 'lia-1' }, false)).toEqual({ on: '2026-11-20', by: 'lia-1', kind: 'updated' });
    expect(savedReview('2026-11-20T10:00:00+08:00', undefined, true)).toEqual({ on: '2026-11-20', by: 'office', kind: 'registered' });
  });
});

import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { periodContaining, periodsOverlapping } from '../../../../shared/domain/cadence/period';
import { splitPeriod, windowsBetween } from '../../../../shared/domain/cadence/windows';
import { PERIODS } from '../../../../shared/domain/policy/methods';
import { addDays, fromDayNumber, toDayNumber } from '../../../../shared/domain/time/local-date';

const spans = (w: { start: string; end: string }[]) => w.map((x) => [x.start, x.end]);

describe('Cadence: periods', () => {
  it('ends February on the 28th in 2026 and the 29th in the leap year 2028', () => {
    expect(periodContaining('month', '2026-02-10')).toMatchObject({ id: '2026-02', start: '2026-02-01', end: '2026-02-28' });
    expect(periodContaining('month', '2028-02-10')).toMatchObject({ end: '2028-02-29' });
    expect(periodContaining('month', '2100-02-10').end).toBe('2100-02-28');
    expect(periodContaining('month', '2000-02-10').end).toBe('2000-02-29');
  });

  it('splits half months at the 15th and ends the second half on the last day', () => {
    expect(periodContaining('half_month', '2026-11-15')).toMatchObject({ id: '2026-11-H1', start: '2026-11-01', end: '2026-11-15' });
    expect(periodContaining('half_month', '2026-11-16')).toMatchObject({ id: '2026-11-H2', start: '2026-11-16', end: '2026-11-30' });
    expect(periodContaining('half_month', '2026-02-20')).toMatchObject({ start: '2026-02-16', end: '2026-02-28' });
    expect(periodContaining('half_month', '2026-12-31')).toMatchObject({ id: '2026-12-H2', end: '2026-12-31' });
  });

  it('uses ISO weeks, Monday to Sunday, numbered by the week-year across the year end', () => {
    expect(periodContaining('week', '2026-11-23')).toMatchObject({ id: '2026-W48', start: '2026-11-23', end: '2026-11-29' });
    // 2026-12-31 is a Thursday: it is in 2026-W53, which runs into 2027.
    expect(periodContaining('week', '2027-01-02')).toMatchObject({ id: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
    // 2024-12-30 is a Monday in week 1 of 2025.
    expect(periodContaining('week', '2024-12-31')).toMatchObject({ id: '2025-W01', start: '2024-12-30', end: '2025-01-05' });
  });

  it('lists the periods overlapping a range across the year end', () => {
    expect(periodsOverlapping('half_month', '2026-12-20', '2027-01-20').map((p) => p.id)).toEqual(['2026-12-H2', '2027-01-H1', '2027-01-H2']);
  });
});

describe('Cadence: windows', () => {
  it('gives a monthly visit one window for the whole month, due at 23:59:59 China time', () => {
    expect(windowsBetween('e1', { period: 'month', visits: 1 }, '2026-11-01', '2026-11-30')).toEqual([
      {
        key: 'e1#2026-11#1',
        elderId: 'e1',
        periodId: '2026-11',
        slot: 1,
        of: 1,
        start: '2026-11-01',
        end: '2026-11-30',
        opensAt: '2026-11-01T00:00:00+08:00',
        dueAt: '2026-11-30T23:59:59+08:00',
      },
    ]);
  });

  it("splits Shanghai's two visits a week into Monday–Thursday and Friday–Sunday", () => {
    const w = windowsBetween('e1', { period: 'week', visits: 2 }, '2026-11-23', '2026-11-29');
    expect(spans(w)).toEqual([
      ['2026-11-23', '2026-11-26'],
      ['2026-11-27', '2026-11-29'],
    ]);
  });

  it("splits Jining's two key visits in February 2026 into 14 + 14 days and in 2028 into 15 + 14", () => {
    expect(spans(windowsBetween('e1', { period: 'month', visits: 2 }, '2026-02-01', '2026-02-28'))).toEqual([
      ['2026-02-01', '2026-02-14'],
      ['2026-02-15', '2026-02-28'],
    ]);
    expect(spans(windowsBetween('e1', { period: 'month', visits: 2 }, '2028-02-01', '2028-02-29'))).toEqual([
      ['2028-02-01', '2028-02-15'],
      ['2028-02-16', '2028-02-29'],
    ]);
  });

  it('returns the windows overlapping a range, not only those inside it', () => {
    const w = windowsBetween('e1', { period: 'half_month', visits: 1 }, '2026-11-20', '2026-12-03');
    expect(w.map((x) => x.key)).toEqual(['e1#2026-11-H2#1', 'e1#2026-12-H1#1']);
  });

  it('gives the same keys when generated twice', () => {
    const a = windowsBetween('e1', { period: 'week', visits: 2 }, '2026-01-01', '2026-03-01');
    const b = windowsBetween('e1', { period: 'week', visits: 2 }, '2026-01-01', '2026-03-01');
    expect(a).toEqual(b);
    expect(new Set(a.map((w) => w.key)).size).toBe(a.length);
  });

  it('refuses an empty range and more windows than days', () => {
    expect(() => windowsBetween('e1', { period: 'month', visits: 1 }, '2026-12-01', '2026-11-01')).toThrow(/range is empty/);
    expect(() => splitPeriod('e1', periodContaining('week', '2026-11-23'), 8)).toThrow(/7 days/);
  });

  const day = fc.integer({ min: toDayNumber('1999-01-01'), max: toDayNumber('2101-12-31') }).map(fromDayNumber);

  prop.prop([day, fc.constantFrom(...PERIODS), fc.integer({ min: 1, max: 7 })])('windows partition every period exactly: consecutive, whole days, no gaps or overlaps', (date, period, visits) => {
    const span = periodContaining(period, date);
    const w = splitPeriod('e', span, visits);
    expect(w).toHaveLength(visits);
    expect(w[0]!.start).toBe(span.start);
    expect(w[w.length - 1]!.end).toBe(span.end);
    for (let i = 1; i < w.length; i++) expect(w[i]!.start).toBe(addDays(w[i - 1]!.end, 1));
    const lengths = w.map((x) => toDayNumber(x.end) - toDayNumber(x.start) + 1);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
    expect(span.start <= date && date <= span.end).toBe(true);
  });

  prop.prop([day, fc.constantFrom(...PERIODS)])('consecutive periods tile the calendar', (date, period) => {
    const [a, b] = periodsOverlapping(period, date, addDays(periodContaining(period, date).end, 1));
    expect(b!.start).toBe(addDays(a!.end, 1));
  });
});

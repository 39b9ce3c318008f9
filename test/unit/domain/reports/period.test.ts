import { describe, expect, it } from 'vitest';
import { parsePeriod, previousPeriodOf, subPeriods } from '../../../../shared/domain/reports/period';

const period = (text: string) => {
  const p = parsePeriod(text);
  if (!p.ok) throw new Error(p.rule);
  return p.period;
};

describe('Report periods', () => {
  it('reads a month, a quarter and an ISO week with their first and last days', () => {
    expect(period('2026-02')).toMatchObject({ kind: 'month', start: '2026-02-01', end: '2026-02-28', months: ['2026-02'] });
    expect(period('2028-02').end).toBe('2028-02-29');
    expect(period('2026-Q4')).toMatchObject({ kind: 'quarter', start: '2026-10-01', end: '2026-12-31', months: ['2026-10', '2026-11', '2026-12'] });
    expect(period('2026-W48')).toMatchObject({ kind: 'week', start: '2026-11-23', end: '2026-11-29', months: ['2026-11'] });
  });

  it('puts the year-end week in the ISO year of its Thursday: 2026-W53 runs 28 December 2026 to 3 January 2027', () => {
    expect(period('2026-W53')).toMatchObject({ start: '2026-12-28', end: '2027-01-03', months: ['2026-12', '2027-01'] });
    // 2027-W01 starts on Monday 4 January; 29 December 2025 starts 2026-W01.
    expect(period('2027-W01').start).toBe('2027-01-04');
    expect(period('2026-W01')).toMatchObject({ start: '2025-12-29', end: '2026-01-04' });
  });

  it('refuses a week 53 in a year that has 52, and anything that is not a period, naming the rule', () => {
    expect(parsePeriod('2027-W53')).toEqual({ ok: false, rule: '2027 has no ISO week 53 (weeks run 01–52)' });
    expect(parsePeriod('2026-W00').ok).toBe(false);
    for (const bad of ['2026-13', '2026-Q5', '26-11', '2026-11-01', '', '2026-W5']) expect(parsePeriod(bad)).toMatchObject({ ok: false, rule: expect.stringContaining('YYYY-MM') });
  });

  it('steps back a period across the year end and lists the weeks that end in a month', () => {
    expect(previousPeriodOf(period('2027-01')).id).toBe('2026-12');
    expect(previousPeriodOf(period('2027-W01')).id).toBe('2026-W53');
    expect(previousPeriodOf(period('2027-Q1')).id).toBe('2026-Q4');
    // W53 ends on 3 January: it belongs to January 2027's weeks, not December's.
    expect(subPeriods(period('2026-12'), 'week').map((w) => w.id)).toEqual(['2026-W49', '2026-W50', '2026-W51', '2026-W52']);
    expect(subPeriods(period('2027-01'), 'week').map((w) => w.id)[0]).toBe('2026-W53');
    expect(subPeriods(period('2026-Q4'), 'month').map((m) => m.id)).toEqual(['2026-10', '2026-11', '2026-12']);
  });
});

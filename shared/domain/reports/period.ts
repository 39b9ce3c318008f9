import { addDays, daysInMonth, isoWeek, isoWeekday } from '../time/local-date';
import type { LocalDate } from '../time/local-date';

/**
 * A reporting period: a month (月探访率), an ISO week (Shanghai's 周探访率) or a quarter (按季调度).
 * A window belongs to the period its last day falls in: "windows that closed in the period".
 */
export interface ReportPeriod {
  kind: 'month' | 'week' | 'quarter';
  /** `2026-11`, `2026-W53`, `2026-Q4`. */
  id: string;
  start: LocalDate;
  /** Last day, inclusive. */
  end: LocalDate;
  /** The calendar months the period touches (the tasks index is partitioned by month). */
  months: string[];
}

export type PeriodParse = { ok: true; period: ReportPeriod } | { ok: false; rule: string };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

function monthsBetween(start: LocalDate, end: LocalDate): string[] {
  const months: string[] = [];
  for (let m = start.slice(0, 7); m <= end.slice(0, 7); m = nextMonth(m)) months.push(m);
  return months;
}

export function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function previousPeriodOf(period: ReportPeriod): ReportPeriod {
  const parsed = parsePeriod(periodIdContaining(period.kind, addDays(period.start, -1)));
  if (!parsed.ok) throw new Error(parsed.rule);
  return parsed.period;
}

/** The id of the period of a kind that contains a date. */
export function periodIdContaining(kind: ReportPeriod['kind'], date: LocalDate): string {
  if (kind === 'month') return date.slice(0, 7);
  if (kind === 'quarter') return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
  const { year, week } = isoWeek(date);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of ISO week 1: the week with the year's first Thursday. */
function isoWeekOneMonday(year: number): LocalDate {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/** Parses `YYYY-MM`, `YYYY-Www` (ISO 8601 week) or `YYYY-Qn`, naming the rule a bad one breaks. */
export function parsePeriod(text: string): PeriodParse {
  const month = MONTH.exec(text);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    const start = `${text}-01`;
    const end = `${text}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
    return { ok: true, period: { kind: 'month', id: text, start, end, months: [text] } };
  }
  const week = WEEK.exec(text);
  if (week) {
    const [y, w] = [Number(week[1]), Number(week[2])];
    const start = addDays(isoWeekOneMonday(y), (w - 1) * 7);
    if (w < 1 || isoWeek(start).year !== y) return { ok: false, rule: `${y} has no ISO week ${w} (weeks run 01–${isoWeek(`${y}-12-28`).week})` };
    const end = addDays(start, 6);
    return { ok: true, period: { kind: 'week', id: text, start, end, months: monthsBetween(start, end) } };
  }
  const quarter = QUARTER.exec(text);
  if (quarter) {
    const [y, q] = [Number(quarter[1]), Number(quarter[2])];
    const first = (q - 1) * 3 + 1;
    const start = `${y}-${String(first).padStart(2, '0')}-01`;
    const end = `${y}-${String(first + 2).padStart(2, '0')}-${String(daysInMonth(y, first + 2)).padStart(2, '0')}`;
    return { ok: true, period: { kind: 'quarter', id: text, start, end, months: monthsBetween(start, end) } };
  }
  return { ok: false, rule: 'must be a month YYYY-MM, an ISO week YYYY-Www or a quarter YYYY-Qn' };
}

/** The periods inside a quarter or month, for trends: the months of a quarter, or the ISO weeks that end in a month. */
export function subPeriods(period: ReportPeriod, rateKind: 'month' | 'week'): ReportPeriod[] {
  const out: ReportPeriod[] = [];
  if (rateKind === 'month') {
    for (const m of period.months) {
      const p = parsePeriod(m);
      if (p.ok) out.push(p.period);
    }
    return out;
  }
  // Weeks whose last day (Sunday) lies in the period, so each week is counted in one period only.
  for (let d = period.start; d <= period.end; d = addDays(d, 1)) {
    if (isoWeekday(d) !== 7) continue;
    const p = parsePeriod(periodIdContaining('week', d));
    if (p.ok) out.push(p.period);
  }
  return out;
}

export function inPeriod(date: LocalDate, period: Pick<ReportPeriod, 'start' | 'end'>): boolean {
  return date >= period.start && date <= period.end;
}

import type { Period } from '../policy/methods';
import { addDays, daysInMonth, isoWeek, isoWeekday } from '../time/local-date';
import type { LocalDate } from '../time/local-date';

/** One calendar period of a cadence, e.g. November 2026 or the second half of February. */
export interface PeriodSpan {
  /** Stable id: `2026-11` (month), `2026-11-H2` (half month), `2026-W48` (ISO week). */
  id: string;
  period: Period;
  start: LocalDate;
  /** Last day, inclusive. */
  end: LocalDate;
}

export function periodContaining(period: Period, date: LocalDate): PeriodSpan {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const ym = date.slice(0, 7);
  const last = daysInMonth(year, month);
  switch (period) {
    case 'month':
      return { id: ym, period, start: `${ym}-01`, end: `${ym}-${String(last)}` };
    case 'half_month':
      return Number(date.slice(8, 10)) <= 15 ? { id: `${ym}-H1`, period, start: `${ym}-01`, end: `${ym}-15` } : { id: `${ym}-H2`, period, start: `${ym}-16`, end: `${ym}-${String(last)}` };
    case 'week': {
      const start = addDays(date, 1 - isoWeekday(date));
      const { year: wy, week } = isoWeek(date);
      return { id: `${wy}-W${String(week).padStart(2, '0')}`, period, start, end: addDays(start, 6) };
    }
  }
}

export function nextPeriod(span: PeriodSpan): PeriodSpan {
  return periodContaining(span.period, addDays(span.end, 1));
}

export function isPeriodStart(period: Period, date: LocalDate): boolean {
  return periodContaining(period, date).start === date;
}

/** Every period of the cadence that overlaps [from, to] (inclusive), in order. */
export function periodsOverlapping(period: Period, from: LocalDate, to: LocalDate): PeriodSpan[] {
  const spans: PeriodSpan[] = [];
  for (let span = periodContaining(period, from); span.start <= to; span = nextPeriod(span)) spans.push(span);
  return spans;
}

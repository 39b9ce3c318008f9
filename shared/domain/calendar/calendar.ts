import { addDays, compareDates } from '../time/local-date';
import type { LocalDate } from '../time/local-date';
import { festivalsBetween } from './festivals';
import type { CalendarDay, CalendarKind } from './festivals';
import { statutoryBetween } from './statutory';
import type { CalendarReport, StatutoryDay } from './statutory';

const KIND_ORDER: Record<CalendarKind, number> = { festival: 0, statutory_holiday: 1, adjusted_workday: 2 };

/** Festivals and statutory days between two dates, by date then kind, with any missing-year warnings. */
export function calendarBetween(from: LocalDate, to: LocalDate, extra: readonly StatutoryDay[] = []): CalendarReport {
  const statutory = statutoryBetween(from, to, extra);
  const days = [...festivalsBetween(from, to), ...statutory.days].sort((a, b) => compareDates(a.date, b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { days, warnings: statutory.warnings };
}

/**
 * The public holiday around a date (e.g. the nine days of the 2026 Spring Festival holiday):
 * the run of consecutive statutory holidays containing it; undefined when the date is not one
 * or the year's data is missing.
 */
export function holidayAround(date: LocalDate, extra: readonly StatutoryDay[] = []): LocalDate[] | undefined {
  const { days } = statutoryBetween(addDays(date, -12), addDays(date, 12), extra);
  const holidays = new Set(days.filter((d: CalendarDay) => d.kind === 'statutory_holiday').map((d) => d.date));
  if (!holidays.has(date)) return undefined;
  let first = date;
  while (holidays.has(addDays(first, -1))) first = addDays(first, -1);
  const run: LocalDate[] = [];
  for (let d = first; holidays.has(d); d = addDays(d, 1)) run.push(d);
  return run;
}

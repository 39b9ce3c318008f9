import { LegalHoliday } from 'tyme4ts';
import { z } from 'zod';
import data from '../../calendar/statutory-days.json' with { type: 'json' };
import { compareDates, isLocalDate } from '../time/local-date';
import type { LocalDate } from '../time/local-date';
import { formatIssues, ValidationError } from '../validation';
import { checkRange, isoOf } from './festivals';
import type { CalendarDay } from './festivals';

const dateSchema = z.string().refine(isLocalDate, 'must be a real date YYYY-MM-DD');

export const statutoryDaySchema = z
  .object({
    date: dateSchema,
    kind: z.enum(['statutory_holiday', 'adjusted_workday']),
    /** The holiday's name, e.g. 国庆节; an adjusted working day names the holiday it belongs to. */
    name: z.string().min(1),
  })
  .strict();
export type StatutoryDay = z.infer<typeof statutoryDaySchema>;

export const statutoryDataSchema = z
  .object({
    source: z.string().optional(),
    years: z.record(z.string().regex(/^\d{4}$/, 'must be a year YYYY'), z.array(statutoryDaySchema)),
  })
  .strict()
  .superRefine((d, ctx) => {
    for (const [year, days] of Object.entries(d.years))
      days.forEach((day, i) => {
        if (!day.date.startsWith(`${year}-`)) ctx.addIssue({ code: 'custom', path: ['years', year, i, 'date'], message: `${day.date} is not in ${year}` });
      });
  });

const parsed = statutoryDataSchema.safeParse(data);
if (!parsed.success) throw new ValidationError('shared/calendar/statutory-days.json', formatIssues(parsed.error));
const BUNDLED: StatutoryDay[] = Object.values(parsed.data.years).flat();

export interface CalendarWarning {
  year: number;
  message: string;
}

export interface CalendarReport {
  days: CalendarDay[];
  warnings: CalendarWarning[];
}

/** tyme4ts' statutory days of one year (empty for a year it has no data for). */
function libraryYear(year: number): StatutoryDay[] {
  const days: StatutoryDay[] = [];
  for (let h = LegalHoliday.fromYmd(year, 1, 1) ?? firstOf(year); h && h.getDay().getYear() === year; h = h.next(1)) {
    days.push({ date: isoOf(h.getDay()), kind: h.isWork() ? 'adjusted_workday' : 'statutory_holiday', name: h.getName() });
  }
  return days;
}

/** The year's first statutory day, when 1 January is not one. */
function firstOf(year: number): LegalHoliday | null {
  for (let month = 1; month <= 12; month++)
    for (let day = 1; day <= 31; day++) {
      const h = LegalHoliday.fromYmd(year, month, day);
      if (h) return h;
    }
  return null;
}

const yearCache = new Map<number, StatutoryDay[]>();
const cachedLibraryYear = (year: number) => {
  if (!yearCache.has(year)) yearCache.set(year, libraryYear(year));
  return yearCache.get(year)!;
};

/**
 * Statutory holidays and adjusted working days between two dates, from tyme4ts, the bundled
 * data file and a region's additions (these two win for a date). A year with no data in any of
 * them gets a warning: it is never silently treated as all working days.
 */
export function statutoryBetween(from: LocalDate, to: LocalDate, extra: readonly StatutoryDay[] = []): CalendarReport {
  checkRange(from, to);
  const extraDays = extra.map((d, i) => {
    const r = statutoryDaySchema.safeParse(d);
    if (!r.success)
      throw new ValidationError(
        'calendar.statutoryDays',
        formatIssues(r.error).map((f) => ({ ...f, field: `${i}.${f.field}` })),
      );
    return r.data;
  });
  const byDate = new Map<LocalDate, StatutoryDay>();
  const warnings: CalendarWarning[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const added = [...BUNDLED, ...extraDays].filter((d) => d.date.startsWith(`${year}-`));
    const library = cachedLibraryYear(year);
    if (library.length === 0 && added.length === 0) {
      warnings.push({
        year,
        message: `no statutory holiday data for ${year}: holidays and adjusted working days of ${year} are unknown (add them to shared/calendar/statutory-days.json or the region config's calendar.statutoryDays once the State Council publishes them)`,
      });
    }
    for (const d of [...library, ...added]) byDate.set(d.date, d);
  }
  const days = [...byDate.values()].filter((d) => compareDates(d.date, from) >= 0 && compareDates(d.date, to) <= 0).map((d): CalendarDay => ({ date: d.date, kind: d.kind, name: d.name }));
  return { days, warnings };
}

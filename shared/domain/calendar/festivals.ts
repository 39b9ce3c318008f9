import { LunarFestival } from 'tyme4ts';
import { compareDates, isLocalDate } from '../time/local-date';
import type { LocalDate } from '../time/local-date';

/** The traditional festivals special periods act on; 重阳 (Double Ninth) is the elders' day (老年节). */
export const FESTIVAL_IDS = ['chuxi', 'chunjie', 'yuanxiao', 'qingming', 'duanwu', 'zhongqiu', 'chongyang'] as const;
export type FestivalId = (typeof FESTIVAL_IDS)[number];

export const FESTIVAL_NAMES: Record<FestivalId, string> = {
  chuxi: '除夕',
  chunjie: '春节',
  yuanxiao: '元宵节',
  qingming: '清明节',
  duanwu: '端午节',
  zhongqiu: '中秋节',
  chongyang: '重阳节',
};

export type CalendarKind = 'festival' | 'statutory_holiday' | 'adjusted_workday';

export interface CalendarDay {
  date: LocalDate;
  kind: CalendarKind;
  name: string;
  festival?: FestivalId;
}

/** tyme4ts names its lunar festivals in Chinese; ours are the subset below. */
const BY_TYME_NAME = new Map<string, FestivalId>(FESTIVAL_IDS.map((id) => [FESTIVAL_NAMES[id], id]));

/** 'YYYY-MM-DD' of a tyme4ts SolarDay. */
export function isoOf(day: { getYear(): number; getMonth(): number; getDay(): number }): LocalDate {
  return `${day.getYear()}-${String(day.getMonth()).padStart(2, '0')}-${String(day.getDay()).padStart(2, '0')}`;
}

/**
 * The festivals between two dates (inclusive), computed from the lunar calendar (清明 from its
 * solar term) by tyme4ts, so they are right for any year, published or not. A lunar year's
 * 除夕 falls in the next Gregorian year, so the lunar years around the range are all looked at.
 */
export function festivalsBetween(from: LocalDate, to: LocalDate): CalendarDay[] {
  checkRange(from, to);
  const days: CalendarDay[] = [];
  for (let year = Number(from.slice(0, 4)) - 1; year <= Number(to.slice(0, 4)); year++) {
    for (let index = 0; index < LunarFestival.NAMES.length; index++) {
      const festival = LunarFestival.fromIndex(year, index);
      const id = festival ? BY_TYME_NAME.get(festival.getName()) : undefined;
      if (!festival || !id) continue;
      const date = isoOf(festival.getDay().getSolarDay());
      if (compareDates(date, from) >= 0 && compareDates(date, to) <= 0) days.push({ date, kind: 'festival', name: FESTIVAL_NAMES[id], festival: id });
    }
  }
  return days.sort((a, b) => compareDates(a.date, b.date));
}

/** The festival on a date, if any (and, with `id`, only that one). */
export function isFestival(date: LocalDate, id?: FestivalId): boolean {
  return festivalsBetween(date, date).some((d) => id === undefined || d.festival === id);
}

const MAX_RANGE_YEARS = 3;

/** Rejects a reversed, malformed or over-long range with the field and the rule. */
export function checkRange(from: LocalDate, to: LocalDate): void {
  if (!isLocalDate(from)) throw new RangeError(`from: "${from}" is not a date (YYYY-MM-DD)`);
  if (!isLocalDate(to)) throw new RangeError(`to: "${to}" is not a date (YYYY-MM-DD)`);
  if (compareDates(from, to) > 0) throw new RangeError(`to: ${to} is before from (${from})`);
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) >= MAX_RANGE_YEARS) throw new RangeError(`to: a calendar range spans at most ${MAX_RANGE_YEARS} years`);
}

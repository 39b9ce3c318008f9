import type { Cadence } from '../policy/policy';
import { endOfDay, startOfDay } from '../time/instant';
import type { Instant } from '../time/instant';
import { addDays, daysBetween } from '../time/local-date';
import type { LocalDate } from '../time/local-date';
import { periodsOverlapping } from './period';
import type { PeriodSpan } from './period';

/** 探访任务窗口: the days in which one required visit must happen. */
export interface VisitWindow {
  /** Deterministic task key `elder#period#slot`: generating twice yields the same key. */
  key: string;
  elderId: string;
  periodId: string;
  /** 1-based position of the window in its period. */
  slot: number;
  /** Windows in the period. */
  of: number;
  start: LocalDate;
  /** Last day of the window, inclusive. */
  end: LocalDate;
  opensAt: Instant;
  /** 23:59:59 China Standard Time on the last day. */
  dueAt: Instant;
}

export function taskKey(elderId: string, periodId: string, slot: number): string {
  return `${elderId}#${periodId}#${slot}`;
}

/**
 * Splits a period into `visits` consecutive windows of whole days that cover it exactly.
 * When the days do not divide evenly the earlier windows are one day longer, so a visit
 * early in the period is never squeezed.
 */
export function splitPeriod(elderId: string, span: PeriodSpan, visits: number): VisitWindow[] {
  const days = daysBetween(span.start, span.end) + 1;
  if (!Number.isInteger(visits) || visits < 1 || visits > days) {
    throw new RangeError(`cannot split ${days} days of ${span.id} into ${visits} windows (1 to ${days})`);
  }
  const base = Math.floor(days / visits);
  const longer = days % visits;
  const windows: VisitWindow[] = [];
  let start = span.start;
  for (let slot = 1; slot <= visits; slot++) {
    const end = addDays(start, base + (slot <= longer ? 1 : 0) - 1);
    windows.push({
      key: taskKey(elderId, span.id, slot),
      elderId,
      periodId: span.id,
      slot,
      of: visits,
      start,
      end,
      opensAt: startOfDay(start),
      dueAt: endOfDay(end),
    });
    start = addDays(end, 1);
  }
  return windows;
}

/** The windows of a cadence that overlap [from, to], in order. */
export function windowsBetween(elderId: string, cadence: Cadence, from: LocalDate, to: LocalDate): VisitWindow[] {
  if (from > to) throw new RangeError(`the range is empty: from ${from} is after to ${to}`);
  return periodsOverlapping(cadence.period, from, to)
    .flatMap((span) => splitPeriod(elderId, span, cadence.visits))
    .filter((w) => w.end >= from && w.start <= to);
}

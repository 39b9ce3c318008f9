import type { ResolvedCadence } from '../policy/classify';
import { addDays, daysBetween, minDate } from '../time/local-date';
import type { LocalDate } from '../time/local-date';
import { isPeriodStart, periodContaining } from './period';
import type { PeriodSpan } from './period';
import { splitPeriod } from './windows';
import type { VisitWindow } from './windows';

/** What an elder is due on a date: the tier and cadence in force, or nothing (inactive, ineligible). */
export interface CadenceInForce {
  tier: string;
  cadence: ResolvedCadence;
}

/**
 * Where generation stopped for an elder: the last day covered and the cadence it used.
 * Operational state, recomputed from the ledger if lost; never a fact about the elder.
 */
export interface GenerationCursor {
  through: LocalDate;
  tier: string;
  cadence: ResolvedCadence;
}

export interface PlannedPeriod {
  span: PeriodSpan;
  tier: string;
  cadence: ResolvedCadence;
  windows: VisitWindow[];
  cursor: GenerationCursor;
}

/**
 * Plans the next period after `cursor` (or the period holding `start` for a first plan).
 *
 * The elder is classified on the first day of the new period, so a change of tier or cadence
 * takes effect from the next period. When the new cadence's periods do not start on that day
 * (e.g. weekly → monthly), the old cadence runs on, cut short at the new cadence's next
 * boundary, so that no day is left uncovered and none is covered twice.
 */
export function planNextPeriod(elderId: string, cursor: GenerationCursor | undefined, start: LocalDate, inForceOn: (date: LocalDate) => CadenceInForce): PlannedPeriod {
  const day = cursor ? addDays(cursor.through, 1) : start;
  const next = inForceOn(day);
  if (!cursor || isPeriodStart(next.cadence.period, day)) {
    const span = periodContaining(next.cadence.period, day);
    const windows = splitPeriod(elderId, span, next.cadence.visits).filter((w) => w.end >= day);
    return { span, ...next, windows, cursor: { through: span.end, ...next } };
  }
  const old = periodContaining(cursor.cadence.period, day);
  const boundary = addDays(periodContaining(next.cadence.period, day).end, 1);
  const span: PeriodSpan = { ...old, start: day, end: minDate(old.end, addDays(boundary, -1)) };
  const visits = Math.min(cursor.cadence.visits, daysBetween(span.start, span.end) + 1);
  const cadence = { ...cursor.cadence, visits };
  const windows = splitPeriod(elderId, span, visits);
  return { span, tier: cursor.tier, cadence, windows, cursor: { through: span.end, tier: cursor.tier, cadence: cursor.cadence } };
}

/** The day generation must next run for this elder so that windows appear `horizonDays` before they open. */
export function nextGenerationOn(cursor: GenerationCursor, horizonDays: number): LocalDate {
  return addDays(cursor.through, 1 - horizonDays);
}

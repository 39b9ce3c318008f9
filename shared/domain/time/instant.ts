import type { LocalDate } from './local-date';

/**
 * Instants are ISO 8601 strings in China Standard Time, e.g. `2026-11-30T23:59:59+08:00`.
 * One fixed offset means they sort as strings and read naturally for administrators.
 */
export type Instant = string;

export const CHINA_OFFSET = '+08:00';
const OFFSET_MS = 8 * 3_600_000;

/** The instant at a local wall-clock time (HH:MM:SS) on a local date. */
export function instantAt(date: LocalDate, time: string): Instant {
  return `${date}T${time}${CHINA_OFFSET}`;
}

export function startOfDay(date: LocalDate): Instant {
  return instantAt(date, '00:00:00');
}

export function endOfDay(date: LocalDate): Instant {
  return instantAt(date, '23:59:59');
}

/** Formats a point in time (from the injected clock) as a China Standard Time instant. */
export function toInstant(at: Date): Instant {
  const shifted = new Date(at.getTime() + OFFSET_MS).toISOString();
  return `${shifted.slice(0, 19)}${CHINA_OFFSET}`;
}

export function toMillis(instant: Instant): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${instant}`);
  return ms;
}

/** The local calendar date of an instant. */
export function localDateOf(at: Date | Instant): LocalDate {
  return toInstant(typeof at === 'string' ? new Date(toMillis(at)) : at).slice(0, 10);
}

/** The local wall-clock time HH:MM of an instant. */
export function localTimeOf(at: Date | Instant): string {
  return toInstant(typeof at === 'string' ? new Date(toMillis(at)) : at).slice(11, 16);
}

export function addHours(instant: Instant, hours: number): Instant {
  return toInstant(new Date(toMillis(instant) + hours * 3_600_000));
}

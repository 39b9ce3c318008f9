import { z } from 'zod';
import { isLocalDate } from '../time/local-date';
import type { LocalDate } from '../time/local-date';

export const isoDateSchema = z.string().refine(isLocalDate, { message: 'must be a calendar date YYYY-MM-DD' });

/**
 * Age in whole years on a date: an elder born 1946-11-23 is 80 on 2026-11-23 and 79 the day
 * before. Someone born on 29 February becomes a year older on 1 March in common years (the
 * birthday has not come while the date is before March), as Chinese civil practice counts it.
 */
export function ageOn(birthDate: LocalDate, asOf: LocalDate): number {
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return asOf.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

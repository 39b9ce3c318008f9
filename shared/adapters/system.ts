import { monotonicFactory } from 'ulid';
import type { Clock, IdGenerator } from '../ports';

/** The wall clock: used only at the edges (handlers); everything else takes a Clock. */
export const systemClock: Clock = { now: () => new Date() };

/** Time-sortable unique ids (ULID). */
export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: () => next() };
}

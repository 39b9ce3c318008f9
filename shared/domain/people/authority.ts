import { canSupervise } from '../access/access';
import type { Person } from './person';

/** Why a person may not act on a task in a village, or undefined when they may. */
export function cannotSupervise(person: Person | undefined, villageCode: string): string | undefined {
  if (!person) return 'is not on the roster';
  const decision = canSupervise(person, villageCode);
  return decision.allowed ? undefined : decision.reason;
}

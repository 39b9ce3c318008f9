import { isWithin } from '../elder/area-code';
import type { Person, Role } from './person';

const SUPERVISING: readonly Role[] = ['liaison', 'instructor', 'supervisor', 'bureau', 'admin'];

/** Why a person may not act on a task in a village, or undefined when they may. */
export function cannotSupervise(person: Person | undefined, villageCode: string): string | undefined {
  if (!person) return 'is not on the roster';
  if (!person.active) return 'is no longer active';
  if (!person.roles.some((r) => SUPERVISING.includes(r))) return 'is not a supervisor (liaison, instructor, supervisor, bureau or admin)';
  if (!isWithin(villageCode, person.areaCode)) return `supervises area ${person.areaCode}, which does not include village ${villageCode}`;
  return undefined;
}

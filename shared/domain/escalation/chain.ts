import { ancestors } from '../elder/area-code';
import type { Person } from '../people/person';
import type { Ladder, SupervisorRole } from './ladder';
import { ROLE_NAMES_ZH } from './ladder';

/** The areas from a village up to its province, nearest first. */
export function chainOf(villageCode: string): string[] {
  return [villageCode, ...ancestors(villageCode)];
}

/** The nearest active person with the role, walking up from the village. */
export function findInChain(villageCode: string, role: SupervisorRole, peopleByArea: ReadonlyMap<string, readonly Person[]>): Person | undefined {
  for (const area of chainOf(villageCode)) {
    const found = (peopleByArea.get(area) ?? []).find((p) => p.active && p.roles.includes(role));
    if (found) return found;
  }
  return undefined;
}

export interface Recipient {
  /** 1-based level actually notified (later than asked when a level had nobody). */
  level: number;
  person: Person;
  /** Levels passed over for want of anyone in the role, in words. */
  skipped: string[];
}

/**
 * Who to notify for ladder level `level` (1-based): that level's role up the chain, or, when
 * no one holds it, the next level's — saying which were skipped so the gap gets fixed.
 */
export function recipientFor(ladder: Ladder, level: number, villageCode: string, peopleByArea: ReadonlyMap<string, readonly Person[]>): Recipient | { skipped: string[] } {
  const skipped: string[] = [];
  for (let l = level; l <= ladder.length; l++) {
    const role = ladder[l - 1]!.role;
    const person = findInChain(villageCode, role, peopleByArea);
    if (person) return { level: l, person, skipped };
    skipped.push(`no ${role} (${ROLE_NAMES_ZH[role]}) above area ${villageCode}: skipped level ${l}`);
  }
  return { skipped };
}

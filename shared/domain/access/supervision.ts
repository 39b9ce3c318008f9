import { isWithin } from '../elder/area-code';
import type { Role } from '../people/person';
import type { Decision, Principal } from './access';

/**
 * Judging visits (督导: 抽查, flagged-visit review) is for the township instructor and above
 * (镇(街道)指导员, 督导员, 民政局): Shishi's chain puts the instructor over the visitors, while a
 * village liaison works beside the visitors they would be judging. Nobody judges their own visit.
 */
export const JUDGING_ROLES: readonly Role[] = ['instructor', 'supervisor', 'bureau'];

export function canJudgeVisits(p: Principal, areaCode: string, visitorId?: string): Decision {
  if (!p.active) return { allowed: false, reason: 'is no longer active' };
  if (!p.roles.some((r) => JUDGING_ROLES.includes(r))) return { allowed: false, reason: 'only a township instructor, supervisor or bureau judges visits (抽查, flag review)' };
  if (!isWithin(areaCode, p.areaCode)) return { allowed: false, reason: `supervises area ${p.areaCode}, which does not include area ${areaCode}` };
  if (visitorId !== undefined && visitorId === p.personId) return { allowed: false, reason: 'may not judge their own visit' };
  return { allowed: true };
}

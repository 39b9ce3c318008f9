import type { ElderProfile } from '../../shared/domain/elder/profile';

/** A profile born so that the elder is `age` on `asOf` (birthday exactly on asOf). */
export function profile(overrides: Partial<ElderProfile> & { age?: number; asOf?: string } = {}): ElderProfile {
  const { age = 70, asOf = '2026-11-23', ...rest } = overrides;
  const birthDate = `${Number(asOf.slice(0, 4)) - age}${asOf.slice(4)}`;
  return { id: 'e1', birthDate, categories: ['empty_nest'], ...rest };
}

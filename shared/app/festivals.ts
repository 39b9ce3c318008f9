import type { RegionRuntime } from '../config/region-config';
import { festivalsBetween, holidayAround } from '../domain/calendar';
import { festivalOccasionId } from '../domain/special/occasion';
import type { FestivalOccasion } from '../domain/special/occasion';
import { addDays } from '../domain/time/local-date';
import type { LocalDate } from '../domain/time/local-date';
import { toInstant } from '../domain/time/instant';
import type { Clock, OccasionStore } from '../ports';

/**
 * Opens the festival occasions that come within reach: the festivals some special-period rule
 * acts on, from today to the generation horizon plus the longest lead time (so a "visit in the
 * three days before 重阳" task exists before those days start). Each is created once; the
 * apply-occasion function (the table stream in AWS, the runner locally) does the rest.
 * Returns the ids created by this call.
 */
export async function openFestivals(deps: { occasions: OccasionStore; clock: Clock; runtime: RegionRuntime }, today: LocalDate): Promise<string[]> {
  const rules = deps.runtime.policy.specialPeriods.filter((r) => r.on.kind === 'festival');
  if (rules.length === 0) return [];
  const wanted = new Set(rules.flatMap((r) => (r.on.kind === 'festival' ? r.on.festivals : [])));
  const lead = Math.max(0, ...rules.map((r) => r.task.leadDays));
  // A statutory-holiday span can start a few days before the festival (春节 2026: 2-15 for 2-17).
  const reach = addDays(today, deps.runtime.config.generation.horizonDays + lead + 3);
  const created: string[] = [];
  for (const day of festivalsBetween(today, reach)) {
    if (!day.festival || !wanted.has(day.festival)) continue;
    const occasion: FestivalOccasion = {
      kind: 'festival',
      occasionId: festivalOccasionId(day.festival, day.date),
      festival: day.festival,
      name: day.name,
      day: day.date,
      holiday: holidayAround(day.date, deps.runtime.config.calendar.statutoryDays),
      status: 'active',
    };
    if ((await deps.occasions.createFestival(occasion, toInstant(deps.clock.now()))) === 'created') created.push(occasion.occasionId);
  }
  return created;
}

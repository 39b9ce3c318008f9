import { ancestors, areaLevel } from '../domain/elder/area-code';
import type { ElderRepository, PersonRepository } from '../ports';
import { forEachLimit } from './concurrency';

export interface AreaHoldersDeps {
  elders: Pick<ElderRepository, 'inArea'>;
  people: Pick<PersonRepository, 'inArea'>;
}

/**
 * Everyone who may hold an open task of an area (a county, a township or a village): the
 * visitors of the elders there, and everyone on the roster of an area that serves one of its
 * villages. A task's visitor always serves the elder's village (servesVillage, access.ts:
 * reassignment, moves and leave covers check it), and a village visitor serves the other
 * villages of their township, so for a village the whole township's rosters are read. Not only
 * visitors: a follow-up's owner is the township instructor or the village liaison
 * (open-follow-up.ts). Inactive people are kept: they may still hold tasks nobody has moved yet.
 *
 * What it reads: the elders of the area (or the village's township) once, one Query per area
 * code on people.byArea (each village, its township, the county and the areas above), all Queries.
 */
export async function whoMayHold(deps: AreaHoldersDeps, areaCode: string): Promise<string[]> {
  const county = areaCode.slice(0, 6);
  const prefix = areaLevel(areaCode) === 'village' ? areaCode.slice(0, 9) : areaCode.length > 6 ? areaCode : undefined;
  const holders = new Set<string>();
  const areas = new Set<string>([county, ...ancestors(county)]);
  if (prefix) areas.add(prefix);
  for await (const elder of deps.elders.inArea({ county, prefix })) {
    if (elder.visitorId !== undefined) holders.add(elder.visitorId);
    areas.add(elder.villageCode);
    areas.add(elder.villageCode.slice(0, 9));
  }
  await forEachLimit(areas, 8, async (area) => {
    for (const person of await deps.people.inArea(area)) holders.add(person.personId);
  });
  return [...holders].sort();
}

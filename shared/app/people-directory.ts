import { chainOf } from '../domain/escalation/chain';
import type { Person } from '../domain/people/person';
import type { PersonRepository } from '../ports';

/**
 * The people of each area up a chain, read once per area per run (a Query on people.byArea),
 * so a run that escalates a thousand tasks in one township reads its roster once.
 */
export class PeopleDirectory {
  private readonly byArea = new Map<string, Person[]>();

  constructor(private readonly people: PersonRepository) {}

  async chainFor(villageCode: string): Promise<ReadonlyMap<string, readonly Person[]>> {
    for (const area of chainOf(villageCode)) {
      if (!this.byArea.has(area)) this.byArea.set(area, await this.people.inArea(area));
    }
    return this.byArea;
  }
}

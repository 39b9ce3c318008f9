import type { Principal } from '../shared/domain/access/access';
import type { RegionConfig } from '../shared/config/region-config';
import type { PersonRepository } from '../shared/ports';
import { UsageError } from './io';

/**
 * Who a report or supervision command acts as: a person on the roster (`--by`), checked like an
 * API caller, or — for reports only — the office's own administrator of the whole deployment.
 */
export async function cliPrincipal(people: PersonRepository, config: RegionConfig, by: string | undefined, required: boolean): Promise<Principal> {
  if (by === undefined) {
    if (required) throw new UsageError('--by <personId> is required: the instructor or supervisor on the roster who does this (it is recorded)');
    return { personId: 'local-cli', roles: ['admin'], areaCode: config.deploymentArea, active: true };
  }
  const person = await people.get(by);
  if (!person) throw new UsageError(`--by ${by} is not a person on the roster`);
  return person;
}

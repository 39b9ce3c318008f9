import type { Repositories } from '../shared/adapters/dynamodb/repositories';
import { systemClock } from '../shared/adapters/system';
import { loadRegion } from '../shared/config/load';
import type { RegionRuntime } from '../shared/config/region-config';
import type { Clock } from '../shared/ports';
import { UsageError } from './io';
import { withLocalStore } from './local-store';
import { regionConfigOfStack } from './stack/outputs';
import { openStack } from './stack/session';
import type { StackSession } from './stack/session';

/** Where a command's data is: a local folder (`--data`) or a deployed region (`--stack`). */
export interface StoreValues {
  data?: string | undefined;
  at?: string | undefined;
  stack?: string | undefined;
  profile?: string | undefined;
  region?: string | undefined;
}

function checkCombination(values: StoreValues): void {
  if (values.stack === undefined) {
    if (values.profile !== undefined) throw new UsageError('--profile goes with --stack Tanfang-<name> (a deployed region)');
    return;
  }
  if (values.data !== undefined) throw new UsageError('give either --data <dir> (a local database) or --stack Tanfang-<name> (a deployed region), not both');
  // A deployed region's records carry the real time: a chosen --at would forge history.
  if (values.at !== undefined) throw new UsageError('--at is for local databases; a deployed region records the time it is');
}

/**
 * The region config a command runs under: the one the stack was built from with `--stack`
 * (a different `--region` is refused), else `--region`.
 */
export function regionOf(values: StoreValues, hint = 'e.g. sichuan'): RegionRuntime {
  checkCombination(values);
  if (values.stack !== undefined) {
    const name = regionConfigOfStack(values.stack);
    if (values.region !== undefined && values.region !== name) throw new UsageError(`--region ${values.region} is not the region of --stack ${values.stack} (${name}); leave --region out`);
    return loadRegion(name);
  }
  if (typeof values.region !== 'string' || values.region === '') throw new UsageError(`--region is required (${hint})`);
  return loadRegion(values.region);
}

/**
 * Runs `use` on the local database of `--data`, or on the tables of `--stack` through the same
 * repositories the functions use; `stack` is the open stack (its upload bucket), absent locally.
 */
export async function withStore<T>(values: StoreValues, use: (repos: Repositories, clock: Clock, stack?: StackSession) => Promise<T>): Promise<T> {
  checkCombination(values);
  if (values.stack === undefined) return withLocalStore(values.data, values.at, (repos, clock) => use(repos, clock));
  const session = await openStack({ stack: values.stack, profile: values.profile });
  try {
    return await use(session.repos, systemClock, session);
  } finally {
    session.close();
  }
}

import { randomUUID } from 'node:crypto';
import type { TableNames } from '../../shared/adapters/dynamodb/client';
import { createTables, localTableNames } from '../../shared/adapters/dynamodb/create-tables';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { registerElder } from '../../shared/app/register-elder';
import { loadRegion } from '../../shared/config/load';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { Person } from '../../shared/domain/people/person';
import type { Instant } from '../../shared/domain/time/instant';
import { syntheticLedger } from '../../cli/simulation/ledger';
import type { SyntheticLedger } from '../../cli/simulation/ledger';

let shared: EmbeddedDynamo | undefined;

/** One embedded dynalite per test file (loopback only); each world gets its own tables. */
export async function dynamo(): Promise<EmbeddedDynamo> {
  shared ??= await startEmbeddedDynamo({ prefix: 'base' });
  return shared;
}

export async function stopDynamo(): Promise<void> {
  await shared?.close();
  shared = undefined;
}

export interface World {
  repos: Repositories;
  names: TableNames;
  clock: ManualClock;
  runtime: RegionRuntime;
  db: EmbeddedDynamo;
}

export async function newWorld(region = 'sichuan', at: Instant = '2026-10-31T20:00:00+08:00'): Promise<World> {
  const db = await dynamo();
  const names = localTableNames(`t-${randomUUID()}`);
  await createTables(db.admin, names);
  return { repos: dynamoRepositories(db.client, names), names, clock: new ManualClock(at), runtime: loadRegion(region), db };
}

/** Loads a synthetic ledger (the same one the local runner uses) into a world. */
export async function loadLedger(world: World, options: { seed?: number; elders?: number; asOf?: string } = {}): Promise<SyntheticLedger> {
  const ledger = syntheticLedger({ runtime: world.runtime, seed: options.seed ?? 7, elders: options.elders ?? 60, asOf: options.asOf ?? '2026-11-01' });
  for (const person of ledger.people) await world.repos.people.save(person);
  for (const registration of ledger.registrations) await registerElder({ ...world.repos, clock: world.clock, runtime: world.runtime }, registration);
  return ledger;
}

export async function savePeople(world: World, people: Person[]): Promise<void> {
  for (const person of people) await world.repos.people.save(person);
}

/** Every task of the given elders, keyed `elder#task`, with the fields a comparison needs. */
export async function allTasks(world: World, elderIds: readonly string[]) {
  const out = new Map<string, { state: string; visitorId?: string | undefined; tier: string; dueAt: string }>();
  for (const id of elderIds) {
    for (const t of await world.repos.tasks.forElder(id)) out.set(`${t.elderId}#${t.taskId}`, { state: t.state, visitorId: t.visitorId, tier: t.tier, dueAt: t.dueAt });
  }
  return out;
}

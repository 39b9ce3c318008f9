import { randomUUID } from 'node:crypto';
import type { TableNames } from '../../shared/adapters/dynamodb/client';
import { createTables, localTableNames } from '../../shared/adapters/dynamodb/create-tables';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { generateTasks } from '../../shared/app/generate-tasks';
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

/**
 * The world the HTTP tests serve: a Sichuan county of 60 elders with its roster and a county
 * administrator (`admin-1`), tasks generated on 16 November, the clock at 20 November 10:00.
 */
export async function apiWorld(extraPeople: Person[] = []): Promise<World> {
  const world = await newWorld('sichuan', '2026-11-16T06:00:00+08:00');
  await loadLedger(world, { elders: 60 });
  await savePeople(world, [{ personId: 'admin-1', name: '管理员', roles: ['admin'], areaCode: '510108', active: true }, ...extraPeople]);
  await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
  world.clock.set('2026-11-20T10:00:00+08:00');
  return world;
}

import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { newProjectionItem } from '../../shared/adapters/dynamodb/elder-items';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { recordFromRegistration } from '../../shared/domain/ledger/elder-record';
import type { ElderRecord } from '../../shared/domain/ledger/elder-record';
import type { SyntheticLedger } from '../../cli/simulation/ledger';
import type { Context } from 'aws-lambda';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { InProcessJobQueue } from '../../shared/adapters/local/in-process-queue';
import type { QueueBatchHandler } from '../../shared/adapters/local/in-process-queue';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { SAFETY_MARGIN_MS } from '../../shared/app/shard-walk';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { JobMessage } from '../../shared/ports';
import { createHandler } from '../../functions/job-worker/handler';
import { lambdaContext } from '../../cli/simulation/lambda-context';
import type { Random } from '../../cli/simulation/random';

export interface JobsWorld {
  db: EmbeddedDynamo;
  repos: Repositories;
  clock: ManualClock;
  runtime: RegionRuntime;
}

export async function jobsWorld(runtime: RegionRuntime, at: string): Promise<JobsWorld> {
  const db = await startEmbeddedDynamo();
  return { db, repos: dynamoRepositories(db.client, db.names), clock: new ManualClock(at), runtime };
}

/** A world holding a synthetic ledger: its roster, and the elders' projections as registered on 28 October. */
export async function loadedWorld(runtime: RegionRuntime, at: string, ledger: SyntheticLedger): Promise<JobsWorld> {
  const world = await jobsWorld(runtime, at);
  for (const person of ledger.people) await world.repos.people.save(person);
  const records = ledger.registrations.map((r) => recordFromRegistration(elderRegistrationSchema.parse(r), '2026-10-28T20:00:00+08:00'));
  await putProjections(world, records);
  return world;
}

/** How the killed runs die: each invocation's time left, and thrown writes. */
export interface Kills {
  random: Random;
  /** Chance that any one repository write throws (before it is sent, or after it succeeded). */
  faultRate: number;
  /** Counted here: how many writes were made to throw. */
  thrown: number;
}

const WRITES: Record<string, readonly string[]> = {
  tasks: ['createIfAbsent', 'update'],
  elders: ['advanceCursor', 'leaveGeneration'],
  outbox: ['putDigest', 'enqueue'],
  occasionParts: ['advance', 'finish'],
  occasions: ['completeApply'],
};

/** The repositories with writes that throw at seeded random points: half before the write, half after it landed. */
function faulty(repos: Repositories, kills: Kills): Repositories {
  const wrap = <T extends object>(target: T, methods: readonly string[]): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        const fn = value as (...args: unknown[]) => Promise<unknown>;
        if (!methods.includes(String(prop))) return fn.bind(t);
        return async (...args: unknown[]) => {
          if (kills.random.chance(kills.faultRate / 2) && ++kills.thrown) throw new Error(`injected: ${String(prop)} died before its write`);
          const result = await fn.apply(t, args);
          if (kills.random.chance(kills.faultRate / 2) && ++kills.thrown) throw new Error(`injected: ${String(prop)} died after its write`);
          return result;
        };
      },
    });
  return {
    ...repos,
    tasks: wrap(repos.tasks, WRITES.tasks!),
    elders: wrap(repos.elders, WRITES.elders!),
    outbox: wrap(repos.outbox, WRITES.outbox!),
    occasionParts: wrap(repos.occasionParts, WRITES.occasionParts!),
    occasions: wrap(repos.occasions, WRITES.occasions!),
  };
}

/**
 * A budget that runs out: each invocation starts with a seeded few pages' worth of time above
 * the safety margin (sometimes none) and every look at the clock costs 400 ms.
 */
function killingContext(random: Random): Context {
  let left = SAFETY_MARGIN_MS + random.int(0, 5) * 1_000;
  return { ...lambdaContext('job-worker'), getRemainingTimeInMillis: () => (left -= 400) };
}

/**
 * Runs a job's messages to the end over the in-process queue and the real worker handler:
 * failed messages come back, dead letters are redriven, until nothing waits. Returns the
 * invocations it took and how many messages died (went to the dead letters) on the way.
 */
export async function runToEnd(world: JobsWorld, start: readonly JobMessage[], kills?: Kills): Promise<{ invocations: number; deadLettered: number }> {
  const queue = new InProcessJobQueue(3);
  const repos = kills ? faulty(world.repos, kills) : world.repos;
  const worker = createHandler(() => ({ ...repos, jobs: queue, clock: world.clock, runtime: world.runtime, pageSize: 50 }));
  const handler: QueueBatchHandler = (event) => worker(event, kills ? killingContext(kills.random) : lambdaContext('job-worker'));
  await queue.send(start);
  let invocations = 0;
  let deadLettered = 0;
  for (let rounds = 0; rounds < 50; rounds++) {
    invocations += await queue.drain(handler);
    if (queue.deadLetters.length === 0) return { invocations, deadLettered };
    deadLettered += queue.redrive();
  }
  throw new Error('the job did not finish in 50 rounds of redrive');
}

/** Sorts store items by the given fields joined (a table's key, for comparing whole stores). */
export const byKey = (keys: string[]) => (a: Record<string, unknown>, b: Record<string, unknown>) =>
  keys
    .map((k) => String(a[k]))
    .join('#')
    .localeCompare(keys.map((k) => String(b[k])).join('#'));

/** Every item of a table, keys sorted: the test compares whole stores (a Scan is fine in a test). */
export async function scanAll(world: JobsWorld, table: keyof JobsWorld['db']['names']): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await world.db.client.send(new ScanCommand({ TableName: world.db.names[table], ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The elders' projections only (what generation reads), 25 per request and 8 requests in flight: a 20,000-elder ledger in seconds. */
export async function putProjections(world: JobsWorld, records: readonly ElderRecord[]): Promise<void> {
  const table = world.db.names.elders;
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < records.length; i += 25) batches.push(records.slice(i, i + 25).map(newProjectionItem));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let requests: NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string] | undefined = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (requests && requests.length > 0) requests = (await world.db.client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }))).UnprocessedItems?.[table];
      }
    }),
  );
}

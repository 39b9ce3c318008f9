import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { dynamoRepositories } from '../shared/adapters/dynamodb/repositories';
import type { Repositories } from '../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../shared/adapters/local/embedded-dynamo';
import type { EmbeddedDynamo } from '../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../shared/adapters/local/manual-clock';
import { systemClock } from '../shared/adapters/system';
import { toInstant } from '../shared/domain/time/instant';
import type { Clock } from '../shared/ports';
import { UsageError } from './io';

/** Opens the embedded database a `simulate --data <dir>` run (or an earlier command) left in a folder. */
export async function withLocalStore<T>(dir: string | undefined, at: string | undefined, use: (repos: Repositories, clock: Clock, db: EmbeddedDynamo) => Promise<T>): Promise<T> {
  if (!dir) throw new UsageError('--data <dir> is required: the folder of a local database, e.g. from `tanfang simulate --data <dir>`');
  if (!existsSync(dir)) throw new UsageError(`--data ${dir} does not exist`);
  let clock: Clock = systemClock;
  if (at !== undefined) {
    if (Number.isNaN(Date.parse(at))) throw new UsageError(`--at must be an ISO 8601 time such as 2026-11-20T09:00:00+08:00, got "${at}"`);
    clock = new ManualClock(toInstant(new Date(at)));
  }
  const db = await startEmbeddedDynamo({ path: resolve(dir) });
  try {
    return await use(dynamoRepositories(db.client, db.names), clock, db);
  } finally {
    await db.close();
  }
}

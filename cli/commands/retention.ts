import { parseArgs } from 'node:util';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { sweepExpired } from '../../shared/adapters/local/ttl-sweep';
import { archiveClosedTasks } from '../../shared/app/archive-closed';
import { loadRegion } from '../../shared/config/load';
import { toInstant } from '../../shared/domain/time/instant';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';

export const USAGE = `tanfang retention archive --data <dir> --region <name> [--months YYYY-MM,…] [--at <time>]
tanfang retention sweep --data <dir> [--at <time>]`;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * `tanfang retention`: on a local database, the monthly archive pass (`archive`: the months the
 * schedule would archive at --at, or --months) and what DynamoDB's TTL does in AWS (`sweep`:
 * delete every item whose expiry has passed at --at). Archive before you sweep, as the stack does.
 */
export async function retentionCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'archive' && sub !== 'sweep') throw new UsageError(USAGE);
  const { values } = parseArgs({ args: rest, options: { data: { type: 'string' }, region: { type: 'string' }, months: { type: 'string' }, at: { type: 'string' } }, strict: true });
  const months = values.months?.split(',').map((m) => m.trim());
  const bad = months?.find((m) => !MONTH.test(m));
  if (bad !== undefined) throw new UsageError(`--months must be YYYY-MM months separated by commas, got "${bad}"`);
  const runtime = sub === 'archive' ? loadRegion(requireOption(values, 'region', 'e.g. sichuan')) : undefined;
  return withLocalStore(values.data, values.at, async (_repos, clock, db) => {
    if (sub === 'sweep') {
      const deleted = await sweepExpired(db.client, db.names, clock.now().getTime());
      writeLine(io.stdout, JSON.stringify({ at: toInstant(clock.now()), deleted }));
      return 0;
    }
    const repos = dynamoRepositories(db.client, db.names, { retention: runtime!.config.retention });
    const report = await archiveClosedTasks({ ...repos, clock, runtime: runtime! }, months ? { months } : {});
    writeLine(io.stdout, JSON.stringify(report));
    return 0;
  });
}

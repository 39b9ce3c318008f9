import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { sweepExpired } from '../../shared/adapters/local/ttl-sweep';
import { archiveClosedTasks } from '../../shared/app/archive-closed';
import { loadRegion } from '../../shared/config/load';
import { toInstant } from '../../shared/domain/time/instant';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';
import { exitWith, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * `tanfang retention`: on a local database, the monthly archive pass (`archive`: the months the
 * schedule would archive at --at, or --months) and what DynamoDB's TTL does in AWS (`sweep`:
 * delete every item whose expiry has passed at --at). Archive before you sweep, as the stack does.
 */
export const mountRetention: Mount = (program, io, setCode) => {
  const retention = program.command('retention').description('archive closed tasks before they expire; expire what TTL would (local database)');
  withExamples(retention, ['tanfang retention archive --data .tanfang/db --region sichuan --months 2026-10', 'tanfang retention sweep --data .tanfang/db --at 2029-01-01T03:00:00+08:00']);
  const archive = retention
    .command('archive')
    .description('the monthly archive pass: closed tasks of the months the schedule would archive at --at (or --months) into the archive table')
    .requiredOption('--data <dir>', 'a local database folder, e.g. .tanfang/db')
    .requiredOption('--region <name>', 'the region config, e.g. sichuan')
    .option('--months <YYYY-MM,…>', 'these months instead of the schedule’s')
    .option('--at <time>', 'the clock for this command (ISO 8601 with offset)');
  withExamples(archive, ['tanfang retention archive --data .tanfang/db --region sichuan --months 2026-10']).action(exitWith(setCode, () => runRetention('archive', archive.opts<RetentionValues>(), io)));
  const sweep = retention
    .command('sweep')
    .description('what DynamoDB’s TTL does in AWS: delete every item whose expiry has passed at --at (archive first, as the stack does)')
    .requiredOption('--data <dir>', 'a local database folder, e.g. .tanfang/db')
    .option('--at <time>', 'the clock for this command (ISO 8601 with offset)');
  withExamples(sweep, ['tanfang retention sweep --data .tanfang/db --at 2029-01-01T03:00:00+08:00']).action(exitWith(setCode, () => runRetention('sweep', sweep.opts<RetentionValues>(), io)));
};

interface RetentionValues {
  data: string;
  region?: string | undefined;
  months?: string | undefined;
  at?: string | undefined;
}

async function runRetention(sub: 'archive' | 'sweep', values: RetentionValues, io: CliIo): Promise<number> {
  const months = values.months?.split(',').map((m) => m.trim());
  const bad = months?.find((m) => !MONTH.test(m));
  if (bad !== undefined) throw new UsageError(`--months must be YYYY-MM months separated by commas, got "${bad}"`);
  const runtime = sub === 'archive' ? loadRegion(values.region ?? '') : undefined;
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

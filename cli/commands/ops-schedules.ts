import { parseArgs } from 'node:util';
import { opsRedriveCommand, USAGE as REDRIVE_USAGE } from './ops-redrive';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { createHandler as escalateHandler } from '../../functions/escalate-overdue/handler';
import { createHandler as generateHandler } from '../../functions/generate-tasks/handler';
import { createHandler as remindHandler } from '../../functions/remind-reviews/handler';
import { LocalSchedules, localSchedulesPath } from '../../shared/adapters/local/local-schedules';
import type { ScheduleRow } from '../../shared/adapters/local/local-schedules';
import { EventBridgeScheduleAdmin } from '../../shared/adapters/scheduler/eventbridge-admin';
import { loadRegion } from '../../shared/config/load';
import { SCHEDULE_NAME } from '../../shared/domain/schedule/deadline-name';
import { ValidationError } from '../../shared/domain/validation';
import { lambdaContext } from '../simulation/lambda-context';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';

export const USAGE = `tanfang ops schedules list|pause|resume|run-now [<name>] (--data <dir> [--region <name>] | --group <schedule group> [--aws-region <region>]) [--json]
  list      the schedules: the recurring jobs and the one-time deadlines, with their state
  pause     stop a schedule from running (e.g. generate-tasks during a ledger migration); the rest of it is kept
  resume    let it run again
  run-now   run the schedule's job once now, with the schedule's input
--data: a local store (the local runner honours a pause); --group: a deployed stack's schedule group (EventBridge Scheduler)`;

const SUBCOMMANDS = ['list', 'pause', 'resume', 'run-now'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

/** `tanfang ops …`: operations on a deployment; `schedules` for now. */
/** `tanfang ops schedules …` and `tanfang ops redrive …`. */
export async function opsCommand(argv: string[], io: CliIo): Promise<number> {
  const [area, ...rest] = argv;
  if (area === 'redrive') return opsRedriveCommand(argv, io);
  if (area !== 'schedules') throw new UsageError(`${USAGE}\n${REDRIVE_USAGE}`);
  return opsSchedulesCommand(rest, io);
}

export async function opsSchedulesCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, region: { type: 'string' }, group: { type: 'string' }, 'aws-region': { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [sub, name, ...extra] = positionals;
  if (!SUBCOMMANDS.includes(sub as Sub) || extra.length > 0) throw new UsageError(USAGE);
  if (sub !== 'list' && name === undefined) throw new UsageError(`ops schedules ${sub} needs the schedule's name (ops schedules list shows them)`);
  if (name !== undefined && !SCHEDULE_NAME.test(name)) throw new ValidationError('schedule', [{ field: 'name', rule: `must be 1–64 characters of [0-9a-zA-Z-_.], got "${name.slice(0, 80)}"` }]);
  if ((values.data === undefined) === (values.group === undefined)) throw new UsageError('give either --data <dir> (a local store) or --group <schedule group> (a deployed stack)');
  if (values.group !== undefined) return onAws(sub as Sub, name, values.group, values['aws-region'], values.json === true, io);
  return withLocalStore(values.data, values.at, async (repos, clock) => {
    const schedules = new LocalSchedules(localSchedulesPath(values.data!));
    if (sub === 'list') return printRows(schedules.list(), values.json === true, io);
    if (sub === 'pause' || sub === 'resume') {
      if (!schedules.setState(name!, sub === 'pause' ? 'DISABLED' : 'ENABLED')) throw notFound(name!);
      writeLine(io.stdout, `${name} ${sub === 'pause' ? 'paused (DISABLED)' : 'resumed (ENABLED)'}`);
      return 0;
    }
    const job = schedules.deadline(name!)?.job ?? name!;
    if (values.region === undefined) throw new UsageError('run-now on a local store needs --region <name> (the region config the job runs with)');
    const runtime = loadRegion(values.region);
    const deps = () => ({ ...repos, clock, runtime });
    const event = { trigger: 'manual' as const };
    const jobs: Record<string, () => Promise<unknown>> = {
      'generate-tasks': () => generateHandler(deps)(event, lambdaContext(job)),
      'escalate-overdue': () => escalateHandler(deps)(event, lambdaContext(job)),
      'remind-reviews': () => remindHandler(deps)(event, lambdaContext(job)),
    };
    const runJob = jobs[job];
    if (!runJob) {
      throw new ValidationError('schedule', [
        {
          field: 'name',
          rule: job === 'send-sms' ? "send-sms sends through the local runner's file gateway: run `tanfang simulate` (run-now here takes generate-tasks, escalate-overdue, remind-reviews)" : `no job or deadline "${name}" in ${values.data}`,
        },
      ]);
    }
    writeLine(io.stdout, { ran: job, report: await runJob() });
    return 0;
  });
}

async function onAws(sub: Sub, name: string | undefined, group: string, region: string | undefined, json: boolean, io: CliIo): Promise<number> {
  if (!SCHEDULE_NAME.test(group)) throw new ValidationError('schedule', [{ field: '--group', rule: `must be 1–64 characters of [0-9a-zA-Z-_.], got "${group.slice(0, 80)}"` }]);
  const config = region === undefined ? {} : { region };
  const admin = new EventBridgeScheduleAdmin(new SchedulerClient(config), new LambdaClient(config), group);
  try {
    if (sub === 'list') return printRows(await admin.list(), json, io);
    if (sub === 'run-now') {
      writeLine(io.stdout, `${name} run now: invoked ${await admin.runNow(name!)}`);
      return 0;
    }
    await admin.setState(name!, sub === 'pause' ? 'DISABLED' : 'ENABLED');
    writeLine(io.stdout, `${name} ${sub === 'pause' ? 'paused (DISABLED)' : 'resumed (ENABLED)'} in ${group}`);
    return 0;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') throw notFound(name ?? group);
    // Access denied, throttled, a target that is not a function: the reason, exit 1, no stack trace.
    if (error instanceof Error) throw new ValidationError('schedule', [{ field: name ?? '--group', rule: `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` }]);
    throw error;
  }
}

const notFound = (name: string) => new ValidationError('schedule', [{ field: 'name', rule: `no schedule "${name}" (ops schedules list shows them)` }]);

function printRows(rows: readonly ScheduleRow[], json: boolean, io: CliIo): number {
  if (json) for (const row of rows) writeLine(io.stdout, row);
  else for (const row of rows) writeLine(io.stdout, `${row.state.padEnd(8)} ${row.name.padEnd(40)} ${row.expression}  → ${row.target}`);
  return 0;
}

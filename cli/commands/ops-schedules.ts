import type { Command } from 'commander';
import { mountRedrive } from './ops-redrive';
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
import { exitWith, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';
import { requireOutput } from '../stack/outputs';
import { stackAccess } from '../stack/targets';

const SUBCOMMANDS = {
  list: 'the schedules: the recurring jobs and the one-time deadlines, with their state',
  pause: 'stop a schedule from running (e.g. generate-tasks during a ledger migration); the rest of it is kept',
  resume: 'let it run again',
  'run-now': "run the schedule's job once now, with the schedule's input",
} as const;
type Sub = keyof typeof SUBCOMMANDS;

interface SchedulesOptions {
  data?: string;
  region?: string;
  group?: string;
  awsRegion?: string;
  stack?: string;
  profile?: string;
  at?: string;
  json?: boolean;
}

/** `tanfang ops schedules …` and `tanfang ops redrive …`: operations on a deployment. */
export const mountOps: Mount = (program, io, setCode) => {
  const ops = program.command('ops').description('the jobs’ schedules and deadlines (list, pause, resume, run now); dead letters back to their queue (redrive)');
  withExamples(ops, ['tanfang ops schedules list --stack Tanfang-sichuan', 'tanfang ops redrive --stack Tanfang-sichuan']);
  const schedules = ops.command('schedules').description('the jobs’ schedules and deadlines: list, pause, resume, run now');
  withExamples(schedules, ['tanfang ops schedules list --data .tanfang/db', 'tanfang ops schedules pause tanfang-generate-tasks --stack Tanfang-sichuan']);
  for (const [sub, description] of Object.entries(SUBCOMMANDS) as [Sub, string][]) {
    const cmd: Command = schedules.command(sub).description(description);
    if (sub !== 'list') cmd.argument('<name>', 'the schedule (ops schedules list shows them)');
    cmd
      .option('--data <dir>', 'a local store (the local runner honours a pause)')
      .option('--region <name>', 'the region config a local run-now runs the job with, e.g. sichuan')
      .option('--at <time>', 'the clock of a local run-now (ISO 8601 with offset)')
      .option('--stack <Tanfang-name>', 'a deployed region: the schedule group its outputs name')
      .option('--profile <profile>', 'the AWS profile to use with --stack')
      .option('--group <schedule group>', 'a schedule group named directly (EventBridge Scheduler)')
      .option('--aws-region <region>', 'the AWS region of --group, e.g. cn-northwest-1')
      .option('--json', 'JSON Lines instead of columns (list)');
    const name = sub === 'list' ? '' : ' tanfang-generate-tasks';
    withExamples(cmd, [`tanfang ops schedules ${sub}${name} --stack Tanfang-sichuan`, `tanfang ops schedules ${sub}${name} --data .tanfang/db${sub === 'run-now' ? ' --region sichuan' : ''}`]).action(
      exitWith(setCode, () => opsSchedules(sub, cmd.processedArgs[0] as string | undefined, cmd.opts<SchedulesOptions>(), io)),
    );
  }
  mountRedrive(ops, io, setCode);
};

async function opsSchedules(sub: Sub, name: string | undefined, values: SchedulesOptions, io: CliIo): Promise<number> {
  if (name !== undefined && !SCHEDULE_NAME.test(name)) throw new ValidationError('schedule', [{ field: 'name', rule: `must be 1–64 characters of [0-9a-zA-Z-_.], got "${name.slice(0, 80)}"` }]);
  if ([values.data, values.group, values.stack].filter((v) => v !== undefined).length !== 1) throw new UsageError('give one of --data <dir> (a local store), --stack Tanfang-<name> or --group <schedule group> (a deployed stack)');
  if (values.profile !== undefined && values.stack === undefined) throw new UsageError('--profile goes with --stack Tanfang-<name> (a deployed region)');
  if (values.stack !== undefined) {
    if (values.awsRegion !== undefined || values.region !== undefined || values.at !== undefined) throw new UsageError('--stack implies the region and its AWS region, and runs at the time it is: leave --region, --aws-region and --at out');
    const stack = await stackAccess({ stack: values.stack, profile: values.profile });
    const group = requireOutput(stack.targets, stack.targets.scheduleGroup, 'ScheduleGroup');
    return onAws(sub, name, group, stack.client, values.json === true, io);
  }
  if (values.group !== undefined) return onAws(sub, name, values.group, values.awsRegion === undefined ? {} : { region: values.awsRegion }, values.json === true, io);
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

async function onAws(sub: Sub, name: string | undefined, group: string, config: ConstructorParameters<typeof SchedulerClient>[0] & object, json: boolean, io: CliIo): Promise<number> {
  if (!SCHEDULE_NAME.test(group)) throw new ValidationError('schedule', [{ field: '--group', rule: `must be 1–64 characters of [0-9a-zA-Z-_.], got "${group.slice(0, 80)}"` }]);
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

import { mountAlert } from './commands/alert';
import { mountArchive } from './commands/archive';
import { mountCalendar } from './commands/calendar';
import { mountDevice } from './commands/device';
import { mountEvent } from './commands/event';
import { mountLeave } from './commands/leave';
import { mountLedger } from './commands/ledger';
import { mountNeeds } from './commands/needs';
import { mountPolicy } from './commands/policy';
import { mountReport } from './commands/report';
import { retentionCommand, USAGE as RETENTION_USAGE } from './commands/retention';
import { mountSettings } from './commands/settings';
import { mountOps } from './commands/ops-schedules';
import { mountToken, serveCommand } from './commands/serve';
import { simulateCommand, USAGE as SIMULATE_USAGE } from './commands/simulate';
import { mountSms } from './commands/sms';
import { mountSpotcheck } from './commands/spotcheck';
import { mountTask } from './commands/task';
import { mountVisit } from './commands/visit';
import { processIo } from './io';
import type { CliIo } from './io';
import { exitCodeFor } from './program/exit-codes';
import { mountLegacy } from './program/legacy';
import type { LegacyCommand, LegacyMount } from './program/legacy';
import { rootCommand } from './program/root';
import type { Mount } from './program/mount';

/** Commands still parsing their own arguments, mounted under commander (see program/legacy.ts). */
const LEGACY: [string, LegacyCommand, LegacyMount][] = [
  [
    'serve',
    serveCommand,
    { summary: 'the HTTP API and field app on loopback over a local database', usage: 'tanfang serve --data <dir> --region <name> [--port 8787] [--web <dir>]', examples: ['tanfang serve --data .tanfang/db --region sichuan'] },
  ],
  [
    'simulate',
    simulateCommand,
    { summary: 'the local runner: a simulated month and a half on embedded DynamoDB', usage: SIMULATE_USAGE, examples: ['tanfang simulate --days 45 --data .tanfang/db', 'tanfang simulate --elders 20000 --quiet --json > summary.json'] },
  ],
  [
    'retention',
    retentionCommand,
    { summary: 'archive closed tasks before they expire; expire what TTL would (local database)', usage: RETENTION_USAGE, examples: ['tanfang retention archive --data .tanfang/db --region sichuan --months 2026-10'] },
  ],
];

/** Commands written on commander's own subcommands and options (see program/mount.ts). */
const MOUNTED: Mount[] = [
  mountLedger,
  mountReport,
  mountTask,
  mountAlert,
  mountSettings,
  mountOps,
  mountSms,
  mountToken,
  mountNeeds,
  mountVisit,
  mountLeave,
  mountEvent,
  mountDevice,
  mountSpotcheck,
  mountArchive,
  mountPolicy,
  mountCalendar,
];

/** Runs a CLI command; returns the exit code (0 done, 1 refused by a rule, 2 bad usage). */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  let code = 0;
  const setCode = (c: number) => {
    code = c;
  };
  const program = rootCommand(io);
  for (const mount of MOUNTED) mount(program, io, setCode);
  for (const [name, command, mount] of LEGACY) mountLegacy(program, name, command, mount, io, setCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return exitCodeFor(error, argv[0] ?? '', io);
  }
}

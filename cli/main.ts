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
import { mountRetention } from './commands/retention';
import { mountSettings } from './commands/settings';
import { mountOps } from './commands/ops-schedules';
import { mountServe, mountToken } from './commands/serve';
import { mountSimulate } from './commands/simulate';
import { mountSms } from './commands/sms';
import { mountSpotcheck } from './commands/spotcheck';
import { mountTask } from './commands/task';
import { mountVisit } from './commands/visit';
import { processIo } from './io';
import type { CliIo } from './io';
import { exitCodeFor } from './program/exit-codes';
import { rootCommand } from './program/root';
import type { Mount } from './program/mount';

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
  mountRetention,
  mountServe,
  mountSimulate,
];

/** Runs a CLI command; returns the exit code (0 done, 1 refused by a rule, 2 bad usage). */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  let code = 0;
  const setCode = (c: number) => {
    code = c;
  };
  const program = rootCommand(io);
  for (const mount of MOUNTED) mount(program, io, setCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return exitCodeFor(error, argv[0] ?? '', io);
  }
}

import { mountAlert } from './commands/alert';
import { archiveCommand, USAGE as ARCHIVE_USAGE } from './commands/archive';
import { calendarCommand, USAGE as CALENDAR_USAGE } from './commands/calendar';
import { deviceCommand, USAGE as DEVICE_USAGE } from './commands/device';
import { eventCommand, USAGE as EVENT_USAGE } from './commands/event';
import { leaveCommand, USAGE as LEAVE_USAGE } from './commands/leave';
import { mountLedger } from './commands/ledger';
import { needsCommand, USAGE as NEEDS_USAGE } from './commands/needs';
import { policyCommand, USAGE as POLICY_USAGE } from './commands/policy';
import { mountReport } from './commands/report';
import { retentionCommand, USAGE as RETENTION_USAGE } from './commands/retention';
import { mountSettings } from './commands/settings';
import { mountOps } from './commands/ops-schedules';
import { mountToken, serveCommand } from './commands/serve';
import { simulateCommand, USAGE as SIMULATE_USAGE } from './commands/simulate';
import { mountSms } from './commands/sms';
import { spotcheckCommand, USAGE as SPOTCHECK_USAGE } from './commands/spotcheck';
import { mountTask } from './commands/task';
import { visitCommand } from './commands/visit';
import { processIo } from './io';
import type { CliIo } from './io';
import { exitCodeFor } from './program/exit-codes';
import { mountLegacy } from './program/legacy';
import type { LegacyCommand, LegacyMount } from './program/legacy';
import { rootCommand } from './program/root';
import type { Mount } from './program/mount';

/** Commands still parsing their own arguments, mounted under commander (see program/legacy.ts). */
const LEGACY: [string, LegacyCommand, LegacyMount][] = [
  ['policy', policyCommand, { summary: 'region policies, classification and visit windows', usage: POLICY_USAGE, examples: ['tanfang policy show --region sichuan'] }],
  ['calendar', calendarCommand, { summary: 'festivals, statutory holidays and adjusted working days (JSON Lines)', usage: CALENDAR_USAGE, examples: ['tanfang calendar --region sichuan --from 2026-01-01 --to 2026-12-31'] }],
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
  ['needs', needsCommand, { summary: 'an elder’s needs and their measures (闭环管理); an area’s open needs', usage: NEEDS_USAGE, examples: ['tanfang needs list --data .tanfang/db --region sichuan --area 510108001'] }],
  ['device', deviceCommand, { summary: 'smart devices (智能设备) of elders, and their alarms', usage: DEVICE_USAGE, examples: ['tanfang device list --data .tanfang/db --region sichuan --elder E000032'] }],
  [
    'leave',
    leaveCommand,
    {
      summary: 'a visitor’s leave (请假) and the colleague who covers it (代班)',
      usage: LEAVE_USAGE,
      examples: ['tanfang leave record --data .tanfang/db --region sichuan --visitor vis-510108001001-1 --from 2026-11-10 --to 2026-11-16 --cover vis-510108001001-2 --by ins-510108001'],
    },
  ],
  [
    'event',
    eventCommand,
    {
      summary: 'public-health and disaster events (疫情封控, 公共卫生事件, 事故灾害)',
      usage: EVENT_USAGE,
      examples: ['tanfang event declare --data .tanfang/db --region sichuan --id ch-1 --type epidemic_lockdown --title 封控 --areas 510108001001 --from 2026-11-10 --to 2026-11-16'],
    },
  ],
  [
    'visit',
    visitCommand,
    {
      summary: 'record a visit form (JSON on stdin) against its task',
      usage: 'tanfang visit record --data <dir> --region <name> [--at <time>]   (the visit form as JSON on stdin)',
      examples: ['tanfang visit record --data .tanfang/db --region sichuan < visit.json'],
    },
  ],
  [
    'archive',
    archiveCommand,
    { summary: 'an elder’s file (一人一档) as a printable A4 PDF or HTML page', usage: ARCHIVE_USAGE, examples: ['tanfang archive --data .tanfang/db --region sichuan --elder E000032 --purpose 季度督导检查 --out E000032.pdf'] },
  ],
  [
    'spotcheck',
    spotcheckCommand,
    {
      summary: '抽查: the month’s sample of a township’s visits, and each call’s result',
      usage: SPOTCHECK_USAGE,
      examples: ['tanfang spotcheck draw --data .tanfang/db --region sichuan --township 510108001 --month 2026-11 --by ins-510108001'],
    },
  ],
  [
    'retention',
    retentionCommand,
    { summary: 'archive closed tasks before they expire; expire what TTL would (local database)', usage: RETENTION_USAGE, examples: ['tanfang retention archive --data .tanfang/db --region sichuan --months 2026-10'] },
  ],
];

/** Commands written on commander's own subcommands and options (see program/mount.ts). */
const MOUNTED: Mount[] = [mountLedger, mountReport, mountTask, mountAlert, mountSettings, mountOps, mountSms, mountToken];

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

import { ValidationError } from '../shared/domain/validation';
import { calendarCommand } from './commands/calendar';
import { alertCommand } from './commands/alert';
import { ledgerCommand } from './commands/ledger';
import { serveCommand, tokenCommand } from './commands/serve';
import { policyCommand } from './commands/policy';
import { simulateCommand } from './commands/simulate';
import { smsCommand } from './commands/sms';
import { taskCommand } from './commands/task';
import { visitCommand } from './commands/visit';
import { reportCommand } from './commands/report';
import { archiveCommand } from './commands/archive';
import { spotcheckCommand } from './commands/spotcheck';
import { needsCommand } from './commands/needs';
import { deviceCommand } from './commands/device';
import { leaveCommand } from './commands/leave';
import { eventCommand } from './commands/event';
import { opsRedriveCommand } from './commands/ops-redrive';
import { ForbiddenError } from '../shared/app/supervise';
import { ConflictError, NotFoundError } from '../shared/app/errors';
import { LedgerFileError } from '../shared/domain/ledger/file-limits';
import { TaskTransitionError } from '../shared/domain/task/lifecycle';
import { processIo, UsageError, writeLine } from './io';
import type { CliIo } from './io';
import { chineseLine } from './error-text';

const USAGE = `tanfang — visit-and-care tasks for special-difficulty elders (探访关爱)

Commands:
  policy classify|windows|show   region policies, classification and visit windows
  calendar                       festivals, statutory holidays and adjusted working days (JSON Lines)
  alert ingest|show              take a CAP 1.2 / JSON weather warning into the local store and apply it
  ledger import|export|template|check   the ledger (台账) as XLSX or CSV with Chinese headers; check repairs interrupted writes
  serve / token                  the HTTP API on loopback over a local database; development tokens for it
  simulate                       the local runner: a simulated month and a half on embedded DynamoDB
  sms templates|invalid-numbers|reply|deliveries|callback-url
                                 the SMS templates to register; SMS that failed on an invalid number;
                                 a reply from a phone; what a recipient got and its delivery; the callback URLs
  task list|show|ack|reassign|resolve|follow-up|move   a visitor's tasks; supervisor actions on escalated tasks;
                                 a follow-up's outcome (跟踪回访); all of a visitor's tasks to another
  needs list|add|move            an elder's needs and their measures (闭环管理); an area's open needs
  device register|retire|list|alarm|sign   smart devices (智能设备) of elders, and their alarms
  leave record|list              a visitor's leave (请假) and the colleague who covers it (代班)
  event declare|cancel|show      public-health and disaster events (疫情封控, 公共卫生事件, 事故灾害) for areas and dates
  visit record                   record a visit form (JSON on stdin) against its task
  report visit-rate|ledger|monthly|quarterly   visit rates, ledger statistics, reports upward (JSON, CSV, XLSX, HTML)
  archive                        an elder's file (一人一档) as a printable A4 PDF or HTML page
  spotcheck draw|record          抽查: the month's sample of a township's visits, and each call's result
  ops redrive                    moves a job queue's dead letters back (local, or SQS by URL)
Run a command without arguments for its options.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  ops: opsRedriveCommand,
  policy: policyCommand,
  calendar: calendarCommand,
  alert: alertCommand,
  ledger: ledgerCommand,
  serve: serveCommand,
  token: tokenCommand,
  simulate: simulateCommand,
  sms: smsCommand,
  task: taskCommand,
  visit: visitCommand,
  report: reportCommand,
  archive: archiveCommand,
  spotcheck: spotcheckCommand,
  needs: needsCommand,
  device: deviceCommand,
  leave: leaveCommand,
  event: eventCommand,
};

/** Runs a CLI command; returns the exit code (0 ok, 1 bad input data, 2 bad usage). */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    writeLine(io.stderr, name ? `unknown command "${name}"\n说明：没有“${name}”这个命令，可用命令见下\n\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      writeLine(io.stderr, `tanfang ${name}: ${error.message}`);
      writeLine(io.stderr, chineseLine(error));
      return 2;
    }
    if (error instanceof ValidationError || error instanceof ForbiddenError || error instanceof TaskTransitionError || error instanceof ConflictError || error instanceof NotFoundError || error instanceof LedgerFileError) {
      writeLine(io.stderr, `tanfang ${name}: ${error.message}`);
      writeLine(io.stderr, chineseLine(error));
      return 1;
    }
    throw error;
  }
}

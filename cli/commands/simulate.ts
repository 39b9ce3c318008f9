import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { FileSmsGateway } from '../../shared/adapters/local/file-sms-gateway';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { loadRegion } from '../../shared/config/load';
import { withLocalSettings } from '../local-settings';
import { instantAt, toInstant } from '../../shared/domain/time/instant';
import { addDays, isLocalDate } from '../../shared/domain/time/local-date';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';
import { CountingGateway } from '../simulation/counting-gateway';
import { syntheticLedger } from '../simulation/ledger';
import { Random } from '../simulation/random';
import { simulate } from '../simulation/run';
import type { DayProgress } from '../simulation/run';
import { summarise } from '../simulation/summary';
import { renderSummary } from '../simulation/summary-text';
import { writeMonthReports } from '../simulation/reports';
import { serveSimulation } from '../simulation/serve-after';
import { withSimulatedPlatform } from '../simulation/care';
import { LocalSchedules, localSchedulesPath } from '../../shared/adapters/local/local-schedules';

function numberOption(value: string | undefined, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} ${rule}, got "${value}"; see tanfang simulate --help`);
  return n;
}

interface SimulateValues {
  region: string;
  days?: string | undefined;
  seed?: string | undefined;
  start: string;
  elders?: string | undefined;
  share?: string | undefined;
  data?: string | undefined;
  outbox?: string | undefined;
  json: boolean;
  serve: boolean;
  port: string;
  'reports-dir'?: string | undefined;
  quiet: boolean;
}

/** `tanfang simulate`: its options on commander (the checks of their values stay below, with their rules). */
export const mountSimulate: Mount = (program, io, setCode) => {
  const cmd = program
    .command('simulate')
    .description('the local runner: a simulated month and a half on embedded DynamoDB, through the real handlers')
    .option('--region <name>', 'the region config', 'sichuan')
    .option('--days <n>', 'days to simulate, 1 to 400 (default 45)')
    .option('--seed <n>', 'the synthetic ledger’s and visits’ seed (default 1)')
    .option('--start <YYYY-MM-DD>', 'the first simulated day', '2026-10-01')
    .option('--elders <n>', 'elders in the synthetic ledger, 10 to 200000 (default 600)')
    .option('--share <0..1>', 'the share of tasks visitors complete in time (default 0.85)')
    .option('--data <dir>', 'keep the database in this folder (else in memory)')
    .option('--outbox <file>', 'the local SMS outbox (JSON Lines)')
    .option('--reports-dir <dir>', 'where the month’s reports are written (default .tanfang/reports)')
    .option('--json', 'print the summary as JSON', false)
    .option('--quiet', 'no progress on stderr', false)
    .option('--serve', 'after the run, serve the field app and API over the simulated database until Ctrl-C (npm start)', false)
    .option('--no-serve', 'end after the summary (`npm start -- --no-serve`)')
    .option('--port <port>', 'the port of --serve', '8787');
  withExamples(cmd, ['tanfang simulate --days 45 --data .tanfang/db', 'tanfang simulate --elders 20000 --quiet --json > summary.json']).action(
    exitWith(setCode, () => {
      const { reportsDir, ...rest } = cmd.opts<Omit<SimulateValues, 'reports-dir'> & { reportsDir?: string }>();
      return runSimulate({ ...rest, 'reports-dir': reportsDir }, io);
    }),
  );
};

/** The local runner: dynalite in-process, a synthetic ledger, a simulated month and a half through the real handlers. */
async function runSimulate(values: SimulateValues, io: CliIo): Promise<number> {
  const days = numberOption(values.days, 'days', 45, (n) => Number.isInteger(n) && n >= 1 && n <= 400, 'must be a whole number of days from 1 to 400');
  const seed = numberOption(values.seed, 'seed', 1, Number.isInteger, 'must be a whole number');
  const elders = numberOption(values.elders, 'elders', 600, (n) => Number.isInteger(n) && n >= 10 && n <= 200_000, 'must be a whole number from 10 to 200000');
  const share = numberOption(values.share, 'share', 0.85, (n) => n >= 0 && n <= 1, 'must be a share between 0 and 1');
  const start = values.start;
  if (!isLocalDate(start)) throw new UsageError(`--start must be a calendar date YYYY-MM-DD, got "${start}"`);
  // A simulated device platform serves the deployment, so a device alarm can go off (see simulation/care.ts).
  const runtime = withSimulatedPlatform(await withLocalSettings(loadRegion(values.region), values.data && existsSync(values.data) ? values.data : undefined, io));

  // Progress on stderr from the first second (stdout is the summary); --quiet silences it.
  const say = (text: string) => {
    if (!values.quiet) io.stderr.write(text);
  };
  say(`Starting the embedded database${values.data ? ` in ${values.data}` : ''} and a synthetic ledger of ${elders} elders…\n`);
  const outboxFile = resolve(values.outbox ?? join('.tanfang', `sms-outbox-${runtime.config.name}.jsonl`));
  // The receipts go beside the outbox file: sms-receipts-<region>.jsonl, or <outbox>.receipts.jsonl.
  const receiptsFile = /sms-outbox-[^/]*\.jsonl$/.test(outboxFile) ? outboxFile.replace(/sms-outbox-([^/]*)\.jsonl$/, 'sms-receipts-$1.jsonl') : `${outboxFile}.receipts.jsonl`;
  rmSync(outboxFile, { force: true });
  rmSync(receiptsFile, { force: true });
  if (values.data) mkdirSync(values.data, { recursive: true });
  const dynamo = await startEmbeddedDynamo(values.data ? { path: resolve(values.data) } : {});
  try {
    const clock = new ManualClock(instantAt(addDays(start, -1), '20:00:00'));
    const ledger = syntheticLedger({ runtime, seed, elders, asOf: start });
    // The local carrier: most numbers take their SMS; a seeded few are unreachable, and a few never report.
    const carrier = (phone: string) => {
      const draw = Random.for(seed, `carrier:${phone}`).next();
      return draw < 0.02 ? 'failed' : draw < 0.05 ? 'silent' : 'delivered';
    };
    const files = new FileSmsGateway(outboxFile, clock, { receiptsPath: receiptsFile, carrier });
    const gateway = new CountingGateway(files, clock);
    const repos = dynamoRepositories(dynamo.client, dynamo.names);
    const progress: DayProgress[] = [];
    const started = Date.now();
    say(`Simulating ${days} days for ${runtime.config.displayName} (${runtime.policy.id}) with ${ledger.registrations.length} elders, seed ${seed}…\n`);
    const { care } = await simulate(
      { repos, clock, runtime, gateway, carrier: files, sent: gateway, registrations: ledger.registrations, people: ledger.people, schedules: new LocalSchedules(values.data ? localSchedulesPath(values.data) : undefined) },
      {
        seed,
        start,
        days,
        completionShare: share,
        wrongMethodShare: 0.03,
        lateShare: 0.5,
        emergencyDay: Math.min(9, days - 1),
        heatWarningDay: Math.min(4, days - 1),
        heatTownship: [...ledger.townships.keys()][0]!,
        alarmDay: Math.min(6, days - 1),
        leaveDay: Math.min(11, days - 1),
        leaveTownship: [...ledger.townships.keys()][0]!,
        moveDay: Math.min(13, days - 1),
        moveTownship: [...ledger.townships.keys()][1],
      },
      (p) => {
        progress.push(p);
        const sent = p.delivery.reduce((a, d) => a + d.sent, 0);
        const escalated = p.escalations.reduce((a, e) => a + Object.values(e.escalatedByLevel).reduce((x, y) => x + y, 0), 0);
        const emergency = p.followUps.some((f) => f.emergency.length > 0) ? ', EMERGENCY: urgent SMS sent' : '';
        const people = `${p.leave ? `, ${p.leave.visitorId} on leave to ${p.leave.to}, covered by ${p.leave.coverId}` : ''}${p.move ? `, an elder moved ${p.move.fromVillage} → ${p.move.toVillage} (${p.move.tasksFollowed} tasks followed)` : ''}`;
        const special = p.occasions.map((o) => `, ${o.occasionId}: +${o.tasksCreated} extra tasks, ${o.visitorNotices + o.familyNotices} notices`).join('');
        const alarm = p.alarms.length > 0 ? `, DEVICE ALARM: ${p.alarms.length} alarms → ${new Set(p.alarms.map((a) => a.incidentId)).size} incident, ${p.alarms.reduce((a, r) => a + r.urgentSms, 0)} urgent SMS` : '';
        say(
          `  day ${String(p.day + 1).padStart(3)}/${days} ${p.date}: +${p.generation.tasksCreated} tasks, ${p.visitsRecorded} visits (${p.visitsCounted} counted), ${escalated} escalations, ${sent} SMS sent, ${p.jobInvocations} job invocations${emergency}${special}${alarm}${people}\n`,
        );
      },
    );
    say(`Job-worker invocations (generation, escalation and occasions fanned out over the local jobs queue): ${progress.reduce((a, p) => a + p.jobInvocations, 0).toLocaleString('en')}\n`);
    say('Summarising the run and writing the month’s reports…\n');
    const summary = await summarise({
      region: runtime.config.name,
      seed,
      from: start,
      days: progress,
      repos,
      meter: dynamo.meter,
      asOf: toInstant(clock.now()),
      townships: ledger.townships,
      villages: ledger.villages.size,
      elders: ledger.registrations.length,
      visitors: ledger.people.filter((p) => p.roles.includes('visitor')).length,
      outboxFile,
      receiptsFile,
      maxDigestsPerRecipientPerDay: gateway.maxDigestsPerRecipientPerDay(),
      maxSmsPerRecipientPerDay: gateway.maxPerRecipientPerDay(),
      care,
      runtime,
    });
    const reports = await writeMonthReports({ ...repos, clock, runtime }, { from: start, to: summary.to, dir: values['reports-dir'] ?? join('.tanfang', 'reports') });
    say(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.\n\n`);
    writeLine(io.stdout, values.json ? JSON.stringify({ ...summary, reports }, null, 2) : `${renderSummary(summary)}\n\nMonthly report ${reports.month} (按月更新), written to:\n${reports.files.map((f) => `  ${f}`).join('\n')}`);
    if (values.serve) {
      const port = numberOption(values.port, 'port', 8787, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'must be a port number');
      await serveSimulation({ repos, runtime, endedAt: clock.now(), people: ledger.people, dataDir: values.data, port }, io, new Promise((done) => process.once('SIGINT', () => done())));
    }
    return 0;
  } finally {
    await dynamo.close();
  }
}

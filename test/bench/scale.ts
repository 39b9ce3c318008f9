import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { writeCost } from '../../shared/adapters/dynamodb/metering';
import { TABLES, JOB_SHARDS } from '../../shared/adapters/dynamodb/tables';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { startGeneration } from '../../shared/app/generate-tasks';
import { planOccasion } from '../../shared/app/apply-occasion';
import { ingestAlert } from '../../shared/app/ingest-alert';
import { ALIYUN_MAX_BATCH } from '../../shared/adapters/aliyun/aliyun-sms-gateway';
import { startMessages } from '../../shared/app/job-messages';
import { loadRegion } from '../../shared/config/load';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { recordFromRegistration } from '../../shared/domain/ledger/elder-record';
import { toInstant } from '../../shared/domain/time/instant';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { putProjections } from '../kill/jobs-world';
import { WORKER_MEMORY_MB } from '../../infra/constructs/job-queue';
import { startDynamoProcess } from './dynamo-process';
import { collectGarbage, countRequests, runFannedOut } from './scale-world';
import type { FanOutRun } from './scale-world';

export interface ScaleOptions {
  budgetMs: number;
}

/** The synthetic ledger written to the tables (the records are dropped once stored); its townships. */
async function loadLedger(db: EmbeddedDynamo, repos: Repositories, runtime: RegionRuntime, size: number): Promise<string[]> {
  const ledger = syntheticLedger({ runtime, seed: 1, elders: size, asOf: '2026-11-01' });
  for (const person of ledger.people) await repos.people.save(person);
  const records = ledger.registrations.map((r) => recordFromRegistration(elderRegistrationSchema.parse(r), '2026-10-28T20:00:00+08:00'));
  await putProjections({ db, repos, clock: new ManualClock('2026-11-01T06:00:00+08:00'), runtime }, records);
  return [...ledger.townships.keys()].sort();
}

/** What the month boundary wrote, as aggregates: the scanned items are not kept past this call. */
async function tasksAfterGeneration(db: EmbeddedDynamo): Promise<{ length: number; writeUnitsPerTask: number; tableUnitsPerTask: number; visitorsWithTasks: number }> {
  const tasks = await scan(db, 'tasks');
  const units = tasks.map((t) => writeCost(TABLES.tasks, undefined, t));
  return {
    length: tasks.length,
    writeUnitsPerTask: units.reduce((a, u) => a + u.total, 0) / tasks.length,
    tableUnitsPerTask: units.reduce((a, u) => a + u.table, 0) / tasks.length,
    visitorsWithTasks: new Set(tasks.map((t) => t.visitorId).filter((v) => v !== undefined)).size,
  };
}

/**
 * Outbox items whose id starts with `prefix`, and their recipients, as counts: an array of the
 * ledger's digests kept by the bench would sit in the live heap of every later invocation's sample.
 */
async function outboxCount(db: EmbeddedDynamo, prefix: string): Promise<{ items: number; recipients: number }> {
  const found = (await scan(db, 'outbox')).filter((m) => String(m.messageId).startsWith(prefix));
  return { items: found.length, recipients: new Set(found.map((m) => m.recipientId)).size };
}

async function scan(db: EmbeddedDynamo, table: keyof EmbeddedDynamo['names']): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.client.send(new ScanCommand({ TableName: db.names[table], ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const PROVINCE = 3_000_000;
/** A DynamoDB round trip from Lambda in the same region (an assumption, printed with the figures). */
const LATENCY_MS = 8;
/** Writes a worker keeps in flight (`forEachLimit(…, 16)` in the chunks). */
const IN_FLIGHT = 16;
/** The worker's share of a vCPU at its memory size (Lambda: one vCPU at 1,769 MB), against one core here. */
const VCPU = WORKER_MEMORY_MB / 1769;

/**
 * The chunked jobs at scale on dynalite: the month boundary (1 Nov) fanned out over the job
 * shards with a small budget per invocation, then an escalation pass when the key elders'
 * first half-month has closed (16 Nov 00:05), then a province-wide red warning (16 Nov 10:05). One process runs the invocations one after another,
 * so each measured rate is one worker's; the projection multiplies by the fan-out.
 */
export async function benchScale(size: number, options: ScaleOptions): Promise<Record<string, unknown>> {
  const runtime = loadRegion('sichuan');
  const db = await startDynamoProcess();
  try {
    const reads = countRequests(db.client);
    const repos = dynamoRepositories(db.client, db.names);
    const townships = await loadLedger(db, repos, runtime, size);
    // What stays in this heap now is the bench's own; each invocation's sample is measured against it.
    collectGarbage();
    const baselineHeapMB = process.memoryUsage().heapUsed / 1024 / 1024;

    const clock = new ManualClock('2026-11-01T06:00:00+08:00');
    const deps = { ...repos, clock, runtime };
    reads.clear();
    const start = await startGeneration(deps);
    const generation = await runFannedOut(deps, startMessages('generate', start.runDate, start.shards), options.budgetMs);
    const dueRead = reads.items.get('dueForGeneration') ?? 0;
    const generationRequests = reads.requests;
    const tasks = await tasksAfterGeneration(db);
    const { writeUnitsPerTask, tableUnitsPerTask, visitorsWithTasks } = tasks;
    const digests = (await outboxCount(db, 'assign#')).items;

    clock.set('2026-11-16T00:05:00+08:00');
    reads.clear();
    const escalation = await runFannedOut(deps, startMessages('escalate', toInstant(clock.now()), repos.tasks.attentionShards()), options.budgetMs);
    const attentionRead = reads.items.get('openByAttention') ?? 0;
    const escalationRequests = reads.requests;
    const stepped = (await scan(db, 'tasks')).filter((t) => t.escalation !== undefined).length;
    const { items: escDigests, recipients: supervisors } = await outboxCount(db, 'esc#');

    // A province-wide red warning at ledger scale: every township of the ledger (one part each), chunked and fanned out.
    clock.set('2026-11-16T10:05:00+08:00');

    const alert = { identifier: 'bench-storm', sender: '四川省气象台', sent: '2026-11-16T10:00:00+08:00', event: 'rainstorm', level: 'red', areaCodes: townships, onset: '2026-11-16T10:00:00+08:00', expires: '2026-11-17T10:00:00+08:00' };
    const { occasionId } = await ingestAlert(deps, { json: alert });
    reads.clear();
    const plan = await planOccasion(deps, occasionId);
    const warning = await runFannedOut(deps, plan!.messages, options.budgetMs);
    const areaRead = reads.items.get('byCounty') ?? 0;
    const warningRequests = reads.requests;
    const warningStats = await repos.occasions.stats(occasionId);
    const notices = (await scan(db, 'outbox')).filter((m) => m.occasionId === occasionId);
    const visitorNotices = notices.filter((m) => String(m.messageId).includes('#visitor#')).length;
    const familyNotices = notices.length - visitorNotices;

    // A worker's pace is bounded by its CPU or by its DynamoDB round trips (IN_FLIGHT at once,
    // LATENCY_MS each), whichever is slower. Wall time on this shared machine measures the queue
    // for its two cores, so it is printed but not projected from.
    const pace = (run: FanOutRun, units: number, requests: number) => units / Math.max(run.cpuSeconds / VCPU, (requests * LATENCY_MS) / 1000 / IN_FLIGHT);
    const elderRate = pace(generation, size, generationRequests);
    const taskRate = pace(generation, tasks.length, generationRequests);
    const escRate = pace(escalation, stepped, escalationRequests);
    const tasksPerElder = tasks.length / size;
    // The warning: the measured rate of affected elders per worker at the fan-out, plus the sending at the provider's
    // request rate (sms.sendsPerSecond, what send-sms paces to): a visitor's notice is one call, family notices share
    // one text and go ALIYUN_MAX_BATCH numbers to a call.
    const warningElderRate = pace(warning, warningStats.elders, warningRequests);
    const scale3M = PROVINCE / size;
    const { sendsPerSecond } = runtime.config.sms;
    const warningCalls3M = visitorNotices * scale3M + (familyNotices * scale3M) / ALIYUN_MAX_BATCH;
    const warningApplyMinutes = (warningStats.elders * scale3M) / (JOB_SHARDS * warningElderRate) / 60;
    const warningSendMinutes = warningCalls3M / sendsPerSecond / 60;
    const projection3M = {
      monthBoundaryMinutes: PROVINCE / (JOB_SHARDS * elderRate) / 60,
      escalationPassMinutes: (0.1 * PROVINCE * tasksPerElder) / (JOB_SHARDS * escRate) / 60,
      provinceWarningMinutes: warningApplyMinutes + warningSendMinutes,
    };
    return {
      elders: size,
      budgetMsPerInvocation: options.budgetMs,
      generation: { invocations: generation.invocations, seconds: generation.seconds, tasks: tasks.length, peakHeapMB: generation.peakHeapMB, liveHeapMB: generation.liveHeapMB },
      escalation: {
        invocations: escalation.invocations,
        seconds: escalation.seconds,
        tasksStepped: stepped,
        attentionItemsRead: attentionRead,
        digests: escDigests,
        supervisors,
        peakHeapMB: escalation.peakHeapMB,
        liveHeapMB: escalation.liveHeapMB,
      },
      warning: {
        parts: plan!.parts,
        invocations: warning.invocations,
        seconds: warning.seconds,
        affectedElders: warningStats.elders,
        tasksCreated: warningStats.tasksCreated,
        tasksCreatedPerSecondPerWorker: warningStats.tasksCreated / warning.seconds,
        noticesQueued: warningStats.noticesQueued,
        visitorNotices,
        familyNotices,
        itemsReadPerAffectedElder: areaRead / Math.max(1, warningStats.elders),
        peakHeapMB: warning.peakHeapMB,
        liveHeapMB: warning.liveHeapMB,
      },
      itemsReadPerDueElder: dueRead / size,
      itemsReadPerEscalatedTask: attentionRead / Math.max(1, stepped),
      writeUnitsPerTask,
      tableWriteUnitsPerTask: tableUnitsPerTask,
      smsPerVisitorDay: digests / Math.max(1, visitorsWithTasks),
      escalationSmsPerSupervisorWindow: escDigests / Math.max(1, supervisors),
      peakMemoryMB: Math.max(generation.peakHeapMB, escalation.peakHeapMB, warning.peakHeapMB),
      liveHeapMB: Math.max(generation.liveHeapMB, escalation.liveHeapMB, warning.liveHeapMB),
      baselineHeapMB,
      projection3M,
      model: {
        province: PROVINCE,
        fanOut: JOB_SHARDS,
        eldersPerSecondPerWorker: elderRate,
        workerCpuMsPerElder: (1000 * generation.cpuSeconds) / size,
        requestsPerElder: generationRequests / size,
        requestsPerEscalationStep: escalationRequests / Math.max(1, stepped),
        workerMemoryMB: WORKER_MEMORY_MB,
        workerVcpu: VCPU,
        dynamoLatencyMs: LATENCY_MS,
        requestsInFlightPerWorker: IN_FLIGHT,
        wallEldersPerSecondHere: size / generation.seconds,
        tasksPerSecondPerWorker: taskRate,
        escalationStepsPerSecondPerWorker: escRate,
        tasksPerElderAtMonthBoundary: tasksPerElder,
        overdueShare: 0.1,
        warningAffectedElderShare: warningStats.elders / size,
        warningAffectedEldersPerSecondPerWorker: warningElderRate,
        warningApplyMinutes,
        warningSmsCalls: warningCalls3M,
        smsSendsPerSecond: sendsPerSecond,
        // The rate at which the warning's tasks and notices would still be handed over within the 30 minutes of the target.
        smsSendsPerSecondFor30Minutes: warningApplyMinutes < 30 ? warningCalls3M / ((30 - warningApplyMinutes) * 60) : null,
        smsBatch: ALIYUN_MAX_BATCH,
        warningSendMinutes,
        note: 'a worker’s rate is its own CPU time per item (dynalite runs in a child process, DynamoDB’s work is not the worker’s) or its round trips at the assumed latency and writes in flight, whichever is slower. The warning is measured: the chunked occasion over every township of the ledger, its notices scaled to 3 M elders and sent at sms.sendsPerSecond calls a second (family notices batched).',
      },
    };
  } finally {
    await db.close();
  }
}

const f = (n: number, d = 2) => n.toFixed(d);

export function printScale(r: Awaited<ReturnType<typeof benchScale>>): void {
  const g = r.generation as { invocations: number; seconds: number; tasks: number; peakHeapMB: number };
  const e = r.escalation as { invocations: number; seconds: number; tasksStepped: number; digests: number; supervisors: number };
  const p = r.projection3M as Record<string, number>;
  const m = r.model as Record<string, number | string>;
  console.log(`— chunked jobs over ${Number(r.elders).toLocaleString('en')} elders, ${r.budgetMsPerInvocation} ms per invocation (10 s of it kept back)`);
  console.log(`  month boundary: ${g.tasks.toLocaleString('en')} tasks in ${g.invocations} invocations, ${f(g.seconds, 1)} s; items read per due elder ${f(Number(r.itemsReadPerDueElder), 3)} (target ≤ 1.1)`);
  console.log(`  write units per task incl. index entries ${f(Number(r.writeUnitsPerTask))} (table alone ${f(Number(r.tableWriteUnitsPerTask))}; target ≤ 3, scale-store's projections)`);
  console.log(
    `  SMS per visitor-day ${f(Number(r.smsPerVisitorDay), 3)}; peak heap per invocation ${f(Number(r.peakMemoryMB), 0)} MB (each sampled after the invocation, from a heap collected before it; live between invocations at most ${f(Number(r.liveHeapMB), 0)} MB, of which the bench's own ${f(Number(r.baselineHeapMB), 0)} MB; the table data lives in dynalite's own process)`,
  );
  console.log(
    `  escalation pass: ${e.tasksStepped.toLocaleString('en')} tasks stepped in ${e.invocations} invocations, ${f(e.seconds, 1)} s; items read per task ${f(Number(r.itemsReadPerEscalatedTask), 3)}; ${e.digests} digests for ${e.supervisors} supervisors`,
  );
  const w = r.warning as {
    parts: number;
    invocations: number;
    seconds: number;
    affectedElders: number;
    tasksCreated: number;
    tasksCreatedPerSecondPerWorker: number;
    noticesQueued: number;
    itemsReadPerAffectedElder: number;
    peakHeapMB: number;
  };
  console.log(
    `  province-wide red warning: ${w.parts} parts, ${w.affectedElders.toLocaleString('en')} elders, ${w.tasksCreated.toLocaleString('en')} tasks in ${w.invocations} invocations, ${f(w.seconds, 1)} s (${f(w.tasksCreatedPerSecondPerWorker, 0)} tasks/s per worker); ${w.noticesQueued.toLocaleString('en')} notices; items read per affected elder ${f(w.itemsReadPerAffectedElder, 3)}; peak heap ${f(w.peakHeapMB, 0)} MB`,
  );
  console.log(
    `  projection for ${Number(m.province).toLocaleString('en')} elders at fan-out ${m.fanOut}: month boundary ${f(p.monthBoundaryMinutes!, 1)} min, escalation pass at 10 % overdue ${f(p.escalationPassMinutes!, 1)} min, province-wide warning ${f(p.provinceWarningMinutes!, 1)} min`,
  );
  console.log(`  model inputs: ${JSON.stringify(m)}`);
  console.log('');
}

import type { GenerateTasksReport } from '../../shared/app/generate-tasks';
import type { DeliveryReport } from '../../shared/app/send-sms';
import type { EscalationReport } from '../../shared/app/escalate-overdue';
import { recordVisit } from '../../shared/app/record-visit';
import type { FollowUpResult } from '../../shared/app/follow-up';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import type { ManualClock } from '../../shared/adapters/local/manual-clock';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { ElderRegistrationInput } from '../../shared/domain/elder/registration';
import type { Person } from '../../shared/domain/people/person';
import type { Task } from '../../shared/domain/task/task';
import { addHours, instantAt, toInstant } from '../../shared/domain/time/instant';
import { addDays, daysBetween } from '../../shared/domain/time/local-date';
import type { LocalDate } from '../../shared/domain/time/local-date';
import type { SmsGateway } from '../../shared/domain/sms/provider';
import { createHandler as escalateHandler } from '../../functions/escalate-overdue/handler';
import { createHandler as generateHandler } from '../../functions/generate-tasks/handler';
import { createHandler as sendSmsHandler } from '../../functions/send-sms/handler';
import { createHandler as ingestAlertHandler } from '../../functions/ingest-alert/handler';
import type { HttpResponse } from '../../functions/ingest-alert/handler';
import type { ApplyOccasionReport } from '../../shared/app/apply-occasion';
import { addEscalationReport } from '../../shared/app/escalation-report';
import { addGenerationReport, emptyGenerationReport } from '../../shared/app/generation-report';
import { applyOccasionsThroughJobs, LocalJobs } from './local-jobs';
import type { IngestResult } from '../../shared/app/ingest-alert';
import { LocalSchedules } from '../../shared/adapters/local/local-schedules';
import { lambdaContext } from './lambda-context';
import { Random } from './random';
import { superviseEscalations } from './supervisors';
import type { SupervisorActions } from './supervisors';
import { visitForm } from './visit-form';
import type { SentSms } from './counting-gateway';
import { SmsLoop } from './sms-loop';
import { strangerReply } from './replies';
import type { ReceiptReport } from '../../shared/app/sms-receipts';
import type { ReplyReport } from '../../shared/app/sms-replies';
import type { UndeliveredReport } from '../../shared/app/undelivered-urgent';
import type { DeliveryReceipt } from '../../shared/domain/sms/callbacks';
import { postSimulatedAlarms, registerSimulatedDevices, workFollowUps } from './care';
import type { DeviceAlarmResult } from '../../shared/app/device-alarm';
import type { FollowUpOutcomeResult } from '../../shared/app/follow-up-outcome';
import { CareServed } from './care-served';
import type { CareServedDay } from './care-served';
import { simulateLeave, simulateMove } from './people-events';
import type { SimulatedLeave, SimulatedMove } from './people-events';

export interface SimulationOptions {
  seed: number;
  start: LocalDate;
  days: number;
  /** Share of tasks visitors complete inside their window. */
  completionShare: number;
  /** Share of visits made by phone where a home visit was required (stored, not counted). */
  wrongMethodShare: number;
  /** Share of missed tasks visited late, within three days of the due date. */
  lateShare: number;
  /** The day (0-based) whose first visit finds an emergency (unsafe gas). */
  emergencyDay: number;
  /** The day (0-based) a red heat warning is issued at 11:00 for one township, lasting two days. */
  heatWarningDay: number;
  heatTownship: string;
  /** The day (0-based) a registered gas alarm goes off in the afternoon (and repeats while it lasts). */
  alarmDay: number;
  /** The day a visitor of the first township goes on a week's leave with a colleague covering, and the day an elder of the second moves village. */
  leaveDay?: number | undefined;
  moveDay?: number | undefined;
  leaveTownship?: string | undefined;
  moveTownship?: string | undefined;
}

export interface DayProgress {
  day: number;
  date: LocalDate;
  generation: GenerateTasksReport;
  visitsRecorded: number;
  visitsCounted: number;
  escalations: EscalationReport[];
  supervision: SupervisorActions;
  followUps: FollowUpResult[];
  delivery: DeliveryReport[];
  /** Weather warnings and festivals applied that day. */
  occasions: ApplyOccasionReport[];
  /** Receipts the local carrier reported, replies people sent, urgent SMS to families not delivered in time. */
  receipts: ReceiptReport[];
  replies: ReplyReport[];
  undelivered: UndeliveredReport[];
  /** Visits flagged by verification (far from home, too short, outside the window, bulk, copied), by kind. */
  visitFlags: Record<string, number>;
  /** Needs found on the day's visits (闭环管理), and follow-ups' outcomes recorded by the township (跟踪回访). */
  needsFound: number;
  followUpOutcomes: FollowUpOutcomeResult[];
  /** Smart devices registered (day 0) and alarms taken that day. */
  devicesRegistered: number;
  alarms: DeviceAlarmResult[];
  /** Consent to home visits and the ledger review that day (CareServed). */
  care: CareServedDay;
  /** Job-worker invocations that day (generation, escalation and occasions fanned out over the local jobs queue). */
  jobInvocations: number;
  /** A visitor's leave recorded, an elder's move saved, that day. */
  leave?: SimulatedLeave | undefined;
  move?: SimulatedMove | undefined;
}

export interface SimulationWorld {
  /** Deadline schedules and pauses (`tanfang ops schedules`); in memory when absent. */
  schedules?: LocalSchedules | undefined;
  repos: Repositories;
  clock: ManualClock;
  runtime: RegionRuntime;
  gateway: SmsGateway;
  /** The local carrier's receipts, and what the gateway sent (what people reply to). */
  carrier: { takeReceipts(): DeliveryReceipt[] };
  sent: { takeSent(): SentSms[] };
  registrations: ElderRegistrationInput[];
  people: Person[];
}

const addMinutes = (at: Date | string, minutes: number) => addHours(typeof at === 'string' ? at : toInstant(at), minutes / 60);

type PlannedVisit = { task: Task; visitorId: string; time: string; method: Task['methods'][number] };

/**
 * Runs the system day by day on a simulated clock, through the real handlers: generate-tasks
 * at 06:00; visitors record visits through the day (some late, one finding an emergency);
 * escalate-overdue every hour (the stack runs it every 15 minutes: hourly keeps the default run
 * under a minute); supervisors act at 09:00 on what they were told; send-sms every two hours
 * from 08:10 (quiet hours hold the rest), and at once after anything urgent, its receipts
 * applied a minute later; replies people write are applied at the end of the hour they were
 * written in.
 */
export async function simulate(world: SimulationWorld, options: SimulationOptions, onDay: (p: DayProgress) => void): Promise<{ care: CareServed }> {
  const { repos, clock, runtime } = world;
  const schedules = world.schedules ?? new LocalSchedules();
  clock.set(instantAt(addDays(options.start, -1), '20:00:00'));
  for (const person of world.people) await repos.people.save(person);
  const care = new CareServed({ ...repos, clock, runtime }, world.people, options.seed, options.start);
  await care.register(world.registrations);
  const devices = runtime.config.devices.platforms.length > 0 ? await registerSimulatedDevices({ ...repos, clock, runtime }, world.registrations, world.people) : { registered: 0, elderId: undefined };
  const instructors = world.people.filter((p) => p.roles.includes('instructor'));

  // As in the stack: generation, escalation and apply-occasion plan onto the jobs queue, and the
  // job-worker handler drains it (continuations included) before the runner goes on.
  const jobs = new LocalJobs({ ...repos, clock, runtime, deadlines: schedules });
  const planGeneration = generateHandler(() => ({ ...repos, clock, runtime, jobs: jobs.queue }));
  const planEscalation = escalateHandler(() => ({ ...repos, clock, runtime, jobs: jobs.queue }));
  const generate = async (): Promise<GenerateTasksReport> => {
    const start = await planGeneration({ trigger: 'local' }, lambdaContext('generate-tasks'));
    if (!('fannedOut' in start)) throw new Error('generate-tasks walked the shards itself although the local runner gave it the jobs queue');
    const report = { ...emptyGenerationReport(start.runDate), leaveReturns: start.leaveReturns, festivalsOpened: start.festivalsOpened };
    for (const o of await jobs.drain()) if (o.job === 'generate') addGenerationReport(report, o.report);
    report.eldersIneligible.sort();
    report.eldersWithoutVisitor.sort();
    return report;
  };
  const escalate = async () => {
    const report = await planEscalation({ trigger: 'local' }, lambdaContext('escalate-overdue'));
    for (const o of await jobs.drain()) if (o.job === 'escalate') addEscalationReport(report, o.report);
    return report;
  };
  const ingest = ingestAlertHandler(() => ({ occasions: repos.occasions, clock, runtime }));
  // In AWS the occasions table's stream invokes apply-occasion; here the runner does, at once.
  const applyOccasions = (ids: readonly string[]): Promise<ApplyOccasionReport[]> => applyOccasionsThroughJobs(jobs, { ...repos, clock, runtime, deadlines: schedules }, ids);
  const budget = runtime.config.sms.monthlyBudgetSegments;
  const send = sendSmsHandler(() => ({
    outbox: repos.outbox,
    occasions: repos.occasions,
    budget: budget === undefined ? undefined : { store: repos.budget, monthlySegments: budget },
    phoneBudget: repos.phoneBudget,
    replyTargets: repos.replyTargets,
    deliveries: repos.deliveries,
    templateStops: repos.templateStops,
    gateway: world.gateway,
    sms: runtime.config.sms,
    clock,
    sleep: async () => undefined,
    random: () => 0.5,
    limit: 1000,
    sendsPerSecond: runtime.config.sms.sendsPerSecond,
    concurrency: runtime.config.sms.concurrency,
    maxAttempts: 4,
  }));
  const loop = new SmsLoop({ ...repos, clock, runtime }, world.carrier, world.sent, options.seed);
  // A send run and, a minute later, its receipts. Urgent SMS are sent at once (the stack's sender runs every 5 minutes).
  const sendNow = async (progress: DayProgress, at: string) => {
    if (schedules.isPaused('send-sms')) return;
    clock.set(at);
    progress.delivery.push(await send({ trigger: 'local' }, lambdaContext('send-sms')));
    clock.set(addMinutes(at, 1));
    progress.receipts.push(await loop.afterSend());
  };
  const visitors = world.people.filter((p) => p.roles.includes('visitor'));
  let toSupervise: EscalationReport['notified'] = [];

  for (let day = 0; day < options.days; day++) {
    const date = addDays(options.start, day);
    const progress: DayProgress = {
      day,
      date,
      generation: undefined!,
      visitsRecorded: 0,
      visitsCounted: 0,
      escalations: [],
      supervision: { acknowledged: 0, reassigned: 0, resolved: 0 },
      followUps: [],
      delivery: [],
      occasions: [],
      visitFlags: {},
      receipts: [],
      replies: [],
      undelivered: [],
      needsFound: 0,
      followUpOutcomes: [],
      devicesRegistered: day === 0 ? devices.registered : 0,
      alarms: [],
      care: { reviewsRecorded: 0 },
      jobInvocations: 0,
    };
    const invocationsBefore = jobs.invocations;
    if (day === 2) loop.queue(strangerReply(instantAt(date, '10:30:00')));
    const planned: PlannedVisit[] = [];
    for (let hour = 0; hour < 24; hour++) {
      const hh = String(hour).padStart(2, '0');
      // Deadline schedules due since the last hour fire at its turn (the runner's clock moves by the hour).
      const due = new Set(schedules.takeDue(instantAt(date, `${hh}:00:00`)).map((d) => d.job));
      if (due.has('escalate-overdue') && !schedules.isPaused('escalate-overdue')) {
        clock.set(instantAt(date, `${hh}:00:00`));
        const fired = await escalate();
        progress.escalations.push(fired);
        progress.undelivered.push(fired.undelivered);
        toSupervise.push(...fired.notified);
      }
      if (due.has('send-sms')) await sendNow(progress, instantAt(date, `${hh}:00:30`));
      if (hour === 6) {
        clock.set(instantAt(date, `${runtime.config.generation.runAt}:00`));
        progress.generation = await generate();
        progress.occasions.push(...(await applyOccasions(progress.generation.festivalsOpened)));
      }
      if (hour === 11 && day === options.heatWarningDay) {
        clock.set(instantAt(date, '11:00:00'));
        const posted = (await ingest(heatWarningRequest(date, options.heatTownship), lambdaContext('ingest-alert'))) as HttpResponse;
        const result = JSON.parse(posted.body) as IngestResult;
        if (result.apply) progress.occasions.push(...(await applyOccasions([result.occasionId])));
        await sendNow(progress, instantAt(date, '11:01:00'));
        // Visitors told by urgent SMS go the same afternoon (the morning's plan did not have these tasks).
        const urgent = (await planVisits(repos, visitors, date, options)).filter((v) => v.task.kind === 'special' && v.time >= '12');
        planned.push(...urgent);
        planned.sort((a, b) => a.time.localeCompare(b.time));
      }
      if (hour === 7) {
        // Before the day's visits are planned: the office records a leave, a family reports a move.
        clock.set(instantAt(date, '07:30:00'));
        if (day === options.leaveDay && options.leaveTownship) progress.leave = await simulateLeave({ ...repos, clock, runtime }, world.people, options.leaveTownship, date);
        if (day === options.moveDay && options.moveTownship) progress.move = await simulateMove({ ...repos, clock, runtime }, world.people, options.moveTownship, date);
      }
      if (hour === 8) planned.push(...(await planVisits(repos, visitors, date, options)));
      if (hour === 9) {
        clock.set(instantAt(date, '09:00:00'));
        progress.supervision = await superviseEscalations({ ...repos, clock, runtime, deadlines: schedules }, options.seed, toSupervise, visitors);
        toSupervise = [];
      }
      if (hour === 10) {
        clock.set(instantAt(date, '10:00:00'));
        progress.followUpOutcomes = await workFollowUps({ ...repos, clock, runtime }, options.seed, instructors, date);
      }
      if (hour === 14 && day === options.alarmDay && devices.elderId) progress.alarms = await postSimulatedAlarms({ ...repos, clock, runtime }, options.seed, devices.elderId, date);
      await care.atHour(date, hour, day, progress.care);
      for (const visit of planned.filter((v) => v.time.startsWith(hh))) {
        // The app shows the task as it is now: reassigned or closed since the morning, it is gone.
        const current = await repos.tasks.get(visit.task.elderId, visit.task.taskId);
        if (current?.visitorId !== visit.visitorId || current.state === 'completed' || current.state === 'cancelled') continue;
        clock.set(instantAt(date, visit.time));
        const first = day === options.emergencyDay && progress.visitsRecorded === 0;
        const form = visitForm(visit.task, visit.visitorId, clock.now(), visit.method, Random.for(options.seed, `form:${visit.task.elderId}#${visit.task.taskId}`));
        const result = await recordVisit({ ...repos, clock, runtime }, first ? { ...form, safety: { ...form.safety, gas: 'unsafe' } } : form);
        progress.visitsRecorded++;
        if (result.stored) progress.needsFound += result.visit.needs.length;
        if (result.visit.counted) progress.visitsCounted++;
        for (const flag of result.visit.flags ?? []) progress.visitFlags[flag.kind] = (progress.visitFlags[flag.kind] ?? 0) + 1;
        if (result.followUps.followUp) progress.followUps.push(result.followUps);
        if (result.followUps.urgentSms > 0) await sendNow(progress, addMinutes(clock.now(), 1));
      }
      clock.set(instantAt(date, `${hh}:05:00`));
      if (!schedules.isPaused('escalate-overdue')) {
        const escalation = await escalate();
        progress.escalations.push(escalation);
        progress.undelivered.push(escalation.undelivered);
        toSupervise.push(...escalation.notified);
      }
      if (hour >= 8 && hour % 2 === 0) await sendNow(progress, instantAt(date, `${hh}:10:00`));
      clock.set(instantAt(date, `${hh}:59:00`));
      progress.replies.push(await loop.repliesDue(toInstant(clock.now())));
    }
    progress.jobInvocations = jobs.invocations - invocationsBefore;
    onDay(progress);
  }
  return { care };
}

/** The warning feed's POST (JSON form) of a red heat warning for one township, through the function URL shape. */
function heatWarningRequest(date: LocalDate, township: string) {
  const body = {
    identifier: `sim-heat-${date}`,
    sender: '区气象台 (simulated)',
    sent: instantAt(date, '11:00:00'),
    event: 'heat',
    level: 'red',
    areaCodes: [township],
    onset: instantAt(date, '11:00:00'),
    expires: instantAt(addDays(date, 2), '11:00:00'),
    headline: '区气象台发布高温红色预警信号',
  };
  return { requestContext: { http: { method: 'POST' } }, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), isBase64Encoded: false };
}

/** Today's visits, decided per task from the seed so reruns agree: in the window, or late. */
async function planVisits(repos: Repositories, visitors: readonly Person[], date: LocalDate, options: SimulationOptions): Promise<PlannedVisit[]> {
  const planned: PlannedVisit[] = [];
  for (const visitor of visitors) {
    for (const task of await repos.tasks.openForVisitor(visitor.personId)) {
      const r = Random.for(options.seed, `visit:${task.elderId}#${task.taskId}`);
      const inWindow = r.chance(options.completionShare);
      const length = daysBetween(task.start, task.end) + 1;
      const onDay = inWindow ? addDays(task.start, r.int(0, length - 1)) : r.chance(options.lateShare) ? addDays(task.end, r.int(1, 3)) : undefined;
      const time = `${String(r.int(9, 17)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00`;
      // A visitor given an overdue task goes within a day of the reassignment, mostly.
      const handedOver = task.history.findLast((h) => h.event === 'reassign' && h.detail?.includes(`→ ${visitor.personId}:`));
      const catchUp = handedOver && Random.for(options.seed, `catch-up:${task.elderId}#${task.taskId}#${visitor.personId}`).chance(0.85) ? addDays(handedOver.at.slice(0, 10), r.int(1, 2)) : undefined;
      if ((handedOver ? catchUp : onDay) !== date) continue;
      // The method is drawn per visit: a visitor who phoned where a home visit was needed may go next time.
      const m = Random.for(options.seed, `method:${task.elderId}#${task.taskId}#${visitor.personId}#${date}`);
      const method = task.homeRequired && m.chance(options.wrongMethodShare) ? 'phone' : task.homeRequired ? 'home' : m.pick(task.methods);
      planned.push({ task, visitorId: visitor.personId, time, method });
    }
  }
  return planned.sort((a, b) => a.time.localeCompare(b.time));
}

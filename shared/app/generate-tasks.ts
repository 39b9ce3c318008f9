import { nextGenerationOn, planNextPeriod } from '../domain/cadence/plan';
import type { GenerationCursor, PlannedPeriod } from '../domain/cadence/plan';
import { isServed } from '../domain/ledger/elder-record';
import type { ElderForGeneration } from '../domain/ledger/elder-record';
import { classify } from '../domain/policy/classify';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import { taskFromWindow } from '../domain/task/task';
import type { Task } from '../domain/task/task';
import { toInstant, localDateOf } from '../domain/time/instant';
import { addDays } from '../domain/time/local-date';
import type { LocalDate } from '../domain/time/local-date';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, ElderRepository, LeaveRepository, OccasionStore, Outbox, PersonRepository, TaskRepository } from '../ports';
import { Assignees } from './assignees';
import { suspendedByEvents } from '../domain/special/suspension';
import { queueUnassignedNotices } from './unassigned-notices';
import { returnFromLeaves } from './visitor-leave';
import type { LeaveReturnReport } from './visitor-leave';
import { openFestivals } from './festivals';
import { forEachLimit } from './concurrency';
import { smsContent } from './sms-message';

export interface GenerateTasksDeps {
  elders: ElderRepository;
  tasks: TaskRepository;
  people: PersonRepository;
  outbox: Outbox;
  /** Where festival occasions are opened (special periods). */
  occasions: OccasionStore;
  /** Visitors' leaves: tasks due on a leave's days go to the cover, and come back after. */
  leaves?: LeaveRepository | undefined;
  clock: Clock;
  runtime: RegionRuntime;
  /** Writes in flight at once. */
  concurrency?: number;
}

export interface GenerateTasksReport {
  runDate: LocalDate;
  eldersRead: number;
  eldersGenerated: number;
  /** Elders whose move, death, hospital stay or withdrawn consent took effect: out of the index. */
  eldersRetired: number;
  /** Elders whose categories the policy does not serve: fix the ledger. */
  eldersIneligible: string[];
  tasksCreated: number;
  /** Tasks found already created (a rerun, a concurrent run, or a run after a crash). */
  tasksExisting: number;
  tasksByTier: Record<string, number>;
  /** Tasks created without a visitor: the elder has none assigned. */
  tasksUnassigned: number;
  eldersWithoutVisitor: string[];
  digestsQueued: number;
  digestsExisting: number;
  /** Digests for visitors with no phone (or no roster entry): kept in the outbox as undeliverable. */
  digestsUndeliverable: number;
  smsSegments: number;
  /** Festival occasions opened by this run (each is then applied: extra tasks and notices). */
  festivalsOpened: string[];
  /** Tasks given to a colleague covering the elder's visitor's leave. */
  tasksToCovers: number;
  /** Tasks left open because the elder's visitor is inactive or away uncovered (the liaison is told). */
  tasksLeftOpen: number;
  unassignedNotices: number;
  /** Leaves that ended: the tasks their covers still held, handed back. */
  leaveReturns: LeaveReturnReport;
}

/**
 * The daily generation run (06:00 China time).
 *
 * 1. Reads only the elders whose next period enters the horizon (a sparse index, not the ledger);
 *    an elder whose status date (moved, died, in hospital) has passed leaves the index.
 * 2. For each, plans the coming periods, classifying the elder on each period's first day, and
 *    creates each window's task with a conditional write: a rerun finds them and creates nothing.
 * 3. Queues one digest SMS per visitor per day for the tasks of this run (deterministic id: a
 *    rerun the same day finds the digest and queues nothing).
 * 4. Only then moves each elder's cursor forward. A crash before step 4 means the rerun redoes
 *    steps 1–3, which are idempotent; a crash during step 4 leaves some elders to finish.
 * 5. Opens the festival occasions coming within reach (once each); applying them is the
 *    apply-occasion function's job.
 */
export async function generateTasks(deps: GenerateTasksDeps): Promise<GenerateTasksReport> {
  const { elders, tasks, clock, runtime } = deps;
  const concurrency = deps.concurrency ?? 16;
  const at = toInstant(clock.now());
  const today = localDateOf(at);
  const horizon = runtime.config.generation.horizonDays;
  const report: GenerateTasksReport = {
    runDate: today,
    eldersRead: 0,
    eldersGenerated: 0,
    eldersRetired: 0,
    eldersIneligible: [],
    tasksCreated: 0,
    tasksExisting: 0,
    tasksByTier: {},
    tasksUnassigned: 0,
    eldersWithoutVisitor: [],
    digestsQueued: 0,
    digestsExisting: 0,
    digestsUndeliverable: 0,
    smsSegments: 0,
    festivalsOpened: [],
    tasksToCovers: 0,
    tasksLeftOpen: 0,
    unassignedNotices: 0,
    leaveReturns: { leavesEnded: 0, tasksReturned: 0, tasksKept: [] },
  };
  if (deps.leaves) report.leaveReturns = await returnFromLeaves({ ...deps, leaves: deps.leaves }, today);
  const assignees = new Assignees(deps);
  // Declared events suspending home visits (封控) mark the new routine tasks of their areas too.
  const events = await deps.occasions.activeEvents();
  const forVisitor = new Map<string, Task[]>();
  const advances: { elderId: string; cursor: GenerationCursor }[] = [];

  await forEachLimit(elders.dueForGeneration(today), concurrency, async (elder) => {
    report.eldersRead++;
    if (!isServed(elder, today)) {
      await elders.leaveGeneration(elder.elderId);
      report.eldersRetired++;
      return;
    }
    const plan = planElder(elder, runtime, today, addDays(today, horizon));
    if (!plan.ok) {
      report.eldersIneligible.push(elder.elderId);
      return;
    }
    if (plan.periods.length === 0) return;
    report.eldersGenerated++;
    if (elder.visitorId === undefined) report.eldersWithoutVisitor.push(elder.elderId);
    for (const period of plan.periods) {
      for (const window of period.windows) {
        const task = suspendedByEvents(await assignees.assign(taskFromWindow(elder, period, window, today, at)), events, runtime.policy.specialPeriods, at);
        const result = await tasks.createIfAbsent(task);
        if (result === 'created') report.tasksCreated++;
        else report.tasksExisting++;
        report.tasksByTier[task.tier] = (report.tasksByTier[task.tier] ?? 0) + 1;
        if (task.cover && result === 'created') report.tasksToCovers++;
        if (task.visitorId === undefined) report.tasksUnassigned++;
        else forVisitor.set(task.visitorId, [...(forVisitor.get(task.visitorId) ?? []), task]);
      }
    }
    advances.push({ elderId: elder.elderId, cursor: plan.cursor });
  });

  await queueDigests(deps, forVisitor, today, at, report);
  report.tasksLeftOpen = assignees.unassigned.length;
  report.unassignedNotices = await queueUnassignedNotices(deps, assignees.unassigned, today, at);

  await forEachLimit(advances, concurrency, async ({ elderId, cursor }) => {
    await elders.advanceCursor(elderId, cursor, nextGenerationOn(cursor, horizon));
  });
  report.festivalsOpened = await openFestivals(deps, today);
  report.eldersIneligible.sort();
  report.eldersWithoutVisitor.sort();
  return report;
}

type ElderPlan = { ok: true; periods: PlannedPeriod[]; cursor: GenerationCursor } | { ok: false };

/** Plans every period that starts on or before `until`, skipping windows that have already closed. */
function planElder(elder: ElderForGeneration, runtime: RegionRuntime, today: LocalDate, until: LocalDate): ElderPlan {
  const periods: PlannedPeriod[] = [];
  let cursor = elder.cursor;
  let ineligible = false;
  while (!cursor || addDays(cursor.through, 1) <= until) {
    const planned = planNextPeriod(elder.elderId, cursor, today, (date) => {
      const c = classify(elder.profile, runtime.policy, date);
      if (!c.eligible) {
        ineligible = true;
        return { tier: 'ineligible', cadence: { period: 'month', visits: 1, homeRequired: false, methods: [] } };
      }
      return { tier: c.tier, cadence: c.cadence };
    });
    if (ineligible) return { ok: false };
    cursor = planned.cursor;
    const start = planned.span.start;
    if (!isServed(elder, start)) continue;
    periods.push({ ...planned, windows: planned.windows.filter((w) => w.end >= today) });
  }
  return { ok: true, periods: periods.filter((p) => p.windows.length > 0), cursor };
}

async function queueDigests(
  deps: GenerateTasksDeps,
  forVisitor: Map<string, Task[]>,
  today: LocalDate,
  at: string,
  report: GenerateTasksReport,
): Promise<void> {
  const { config } = deps.runtime;
  const people = await deps.people.getMany([...forVisitor.keys()]);
  await forEachLimit(forVisitor, deps.concurrency ?? 16, async ([visitorId, visitorTasks]) => {
    // How many, how many at home, the earliest deadline: the list itself is in the app.
    const firstDue = visitorTasks.reduce((a, t) => (t.dueAt < a ? t.dueAt : a), visitorTasks[0]!.dueAt);
    const content = smsContent(config.sms, 'assignment_digest', { count: visitorTasks.length, home: visitorTasks.filter((t) => t.homeRequired).length, firstDue });
    const phone = people.get(visitorId)?.phone;
    const result = await deps.outbox.enqueue({
      messageId: `assign#${visitorId}#${today}`,
      ...content,
      urgent: false,
      recipientId: visitorId,
      phone,
      createdAt: at,
      sendAfter: sendAfterFor(at, config.sms.quietHours, false),
      taskRefs: visitorTasks.map((t) => `${t.elderId}#${t.taskId}`),
    });
    if (result === 'exists') {
      report.digestsExisting++;
      return;
    }
    report.digestsQueued++;
    report.smsSegments += content.segments;
    if (phone === undefined) report.digestsUndeliverable++;
  });
}

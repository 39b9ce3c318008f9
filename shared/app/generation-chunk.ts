import { nextGenerationOn, planNextPeriod } from '../domain/cadence/plan';
import type { GenerationCursor, PlannedPeriod } from '../domain/cadence/plan';
import { isServed } from '../domain/ledger/elder-record';
import type { ElderForGeneration } from '../domain/ledger/elder-record';
import { classify } from '../domain/policy/classify';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import { suspendedByEvents } from '../domain/special/suspension';
import { taskFromWindow } from '../domain/task/task';
import type { Task } from '../domain/task/task';
import { localDateOf, toInstant } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import { addDays } from '../domain/time/local-date';
import type { LocalDate } from '../domain/time/local-date';
import type { RegionRuntime } from '../config/region-config';
import { Assignees } from './assignees';
import { forEachLimit } from './concurrency';
import { mergeDailyDigest } from './daily-digest';
import type { GenerateTasksDeps, GenerateTasksReport } from './generate-tasks';
import { emptyGenerationReport } from './generation-report';
import { walkShard } from './shard-walk';
import type { ShardProgress } from './shard-walk';
import { smsContent } from './sms-message';
import type { TimeBudget } from './time-budget';
import { mergeUnassignedNotices } from './unassigned-notices';

/** Elders read per page: a page's tasks, digests and cursors are all written before the next is read. */
export const GENERATION_PAGE = 200;

/**
 * One invocation's share of a generation run: one shard of the generation index, page by page.
 * For each page: creates the elders' tasks (conditional writes), merges them into each visitor's
 * digest of the day (and each liaison's notice of tasks left open), then moves those elders'
 * cursors. A crash anywhere leaves every elder either done (cursor moved, its tasks in the
 * digest) or still due: the rerun reads only those, and the conditional writes and set merges
 * make anything it repeats a no-op. Stops before the budget runs out with where it stands.
 */
export async function generateChunk(deps: GenerateTasksDeps, shard: string, after: string | undefined, budget: TimeBudget): Promise<{ report: GenerateTasksReport; progress: ShardProgress }> {
  const at = toInstant(deps.clock.now());
  const today = localDateOf(at);
  const report = emptyGenerationReport(today);
  // Declared events suspending home visits (封控) mark the new routine tasks of their areas too.
  const events = await deps.occasions.activeEvents();
  const assignees = new Assignees(deps);
  const pageSize = deps.pageSize ?? GENERATION_PAGE;
  const progress = await walkShard(
    budget,
    after,
    (from) => deps.elders.pageDueForGeneration(shard, today, pageSize, from),
    async (elders) => {
      const forVisitor = new Map<string, Task[]>();
      const advances: { elderId: string; cursor: GenerationCursor }[] = [];
      await forEachLimit(elders, deps.concurrency ?? 16, async (elder) => {
        const planned = await generateElder(deps, elder, today, at, assignees, events, report);
        if (!planned) return;
        for (const task of planned.tasks) if (task.visitorId !== undefined) forVisitor.set(task.visitorId, [...(forVisitor.get(task.visitorId) ?? []), task]);
        advances.push({ elderId: elder.elderId, cursor: planned.cursor });
      });
      await queueDigests(deps, forVisitor, today, at, report);
      const open = assignees.unassigned.splice(0);
      report.tasksLeftOpen += open.length;
      report.unassignedNotices += await mergeUnassignedNotices(deps, open, today, at);
      const horizon = deps.runtime.config.generation.horizonDays;
      await forEachLimit(advances, deps.concurrency ?? 16, async ({ elderId, cursor }) => {
        await deps.elders.advanceCursor(elderId, cursor, nextGenerationOn(cursor, horizon));
      });
    },
  );
  return { report, progress };
}

async function generateElder(
  deps: GenerateTasksDeps,
  elder: ElderForGeneration,
  today: LocalDate,
  at: Instant,
  assignees: Assignees,
  events: Awaited<ReturnType<GenerateTasksDeps['occasions']['activeEvents']>>,
  report: GenerateTasksReport,
): Promise<{ tasks: Task[]; cursor: GenerationCursor } | undefined> {
  const { runtime } = deps;
  report.eldersRead++;
  if (!isServed(elder, today)) {
    await deps.elders.leaveGeneration(elder.elderId);
    report.eldersRetired++;
    return undefined;
  }
  const plan = planElder(elder, runtime, today, addDays(today, runtime.config.generation.horizonDays));
  if (!plan.ok) {
    report.eldersIneligible.push(elder.elderId);
    return undefined;
  }
  if (plan.periods.length === 0) return undefined;
  report.eldersGenerated++;
  if (elder.visitorId === undefined) report.eldersWithoutVisitor.push(elder.elderId);
  const tasks: Task[] = [];
  for (const period of plan.periods) {
    for (const window of period.windows) {
      const task = suspendedByEvents(await assignees.assign(taskFromWindow(elder, period, window, today, at)), events, runtime.policy.specialPeriods, at);
      const result = await deps.tasks.createIfAbsent(task);
      if (result === 'created') report.tasksCreated++;
      else report.tasksExisting++;
      report.tasksByTier[task.tier] = (report.tasksByTier[task.tier] ?? 0) + 1;
      if (task.cover && result === 'created') report.tasksToCovers++;
      if (task.visitorId === undefined) report.tasksUnassigned++;
      tasks.push(task);
    }
  }
  return { tasks, cursor: plan.cursor };
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
    if (!isServed(elder, planned.span.start)) continue;
    periods.push({ ...planned, windows: planned.windows.filter((w) => w.end >= today) });
  }
  return { ok: true, periods: periods.filter((p) => p.windows.length > 0), cursor };
}

/** Adds a page's tasks to each visitor's one digest of the day (`assign#<visitor>#<date>`). */
async function queueDigests(deps: GenerateTasksDeps, forVisitor: Map<string, Task[]>, today: LocalDate, at: Instant, report: GenerateTasksReport): Promise<void> {
  const { sms } = deps.runtime.config;
  const people = await deps.people.getMany([...forVisitor.keys()]);
  await forEachLimit(forVisitor, deps.concurrency ?? 16, async ([visitorId, visitorTasks]) => {
    const phone = people.get(visitorId)?.phone;
    const { outcome, segments } = await mergeDailyDigest(
      deps.outbox,
      {
        messageId: `assign#${visitorId}#${today}`,
        recipientId: visitorId,
        phone,
        createdAt: at,
        sendAfter: sendAfterFor(at, sms.quietHours, false),
        // How many, how many at home, the earliest deadline: the list itself is in the app.
        render: ({ count, home, first }) => smsContent(sms, 'assignment_digest', { count, home, firstDue: first }),
      },
      visitorTasks.map((t) => ({ ref: `${t.elderId}#${t.taskId}`, home: t.homeRequired, due: t.dueAt })),
    );
    report.smsSegments += segments;
    if (outcome === 'queued') {
      report.digestsQueued++;
      if (phone === undefined) report.digestsUndeliverable++;
    } else if (outcome === 'merged') report.digestsMerged++;
    else if (outcome === 'closed') report.digestsClosed++;
    else report.digestsExisting++;
  });
}

import { recipientFor } from '../domain/escalation/chain';
import { ladderForTask } from '../domain/escalation/ladder';
import { escalationStep, NOT_ESCALATED, scheduleNext } from '../domain/escalation/step';
import type { Person } from '../domain/people/person';
import { apply } from '../domain/task/lifecycle';
import type { TaskStatus } from '../domain/task/lifecycle';
import type { Task } from '../domain/task/task';
import { toInstant, toMillis } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import { missedOutcome } from '../domain/task/outcome';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, Outbox, PersonRepository, TaskRepository } from '../ports';
import { forEachLimit } from './concurrency';
import { queueEscalationDigests } from './escalation-digests';
import type { EscalationNotice } from './escalation-digests';
import { PeopleDirectory } from './people-directory';
import { addEscalationReport, emptyEscalationReport } from './escalation-report';
import { walkShard } from './shard-walk';
import type { ShardProgress } from './shard-walk';
import { unlimited } from './time-budget';
import type { TimeBudget } from './time-budget';

export interface EscalateOverdueDeps {
  tasks: TaskRepository;
  people: PersonRepository;
  outbox: Outbox;
  clock: Clock;
  runtime: RegionRuntime;
  /** Tasks read per page of a shard: a page is planned, told and recorded before the next is read. */
  pageSize?: number;
}

export interface EscalationReport {
  /** Tasks read: only those whose attention time has come (an index Query, not all tasks). */
  considered: number;
  markedMissed: number;
  /** Notifications by ladder level (1-based), repeats included. */
  escalatedByLevel: Record<string, number>;
  repeats: number;
  /** Lost to a concurrent change (completed, reassigned, or escalated by another run). */
  skippedChanged: number;
  /** Ladder levels passed over for want of anyone in the role: fix the roster. */
  levelsSkipped: string[];
  /** Tasks with nobody at all to notify. */
  noRecipient: string[];
  /** Digests created for a supervisor's next window (or sent at once for an emergency's follow-up). */
  smsQueued: number;
  /** Tasks added to a digest already waiting for its window. */
  smsMerged: number;
  /** Digests that already held every task (a rerun, or two runs at once). */
  smsExisting: number;
  /** Who was told about which tasks (ids only, no personal data). */
  notified: { personId: string; level: number; taskRefs: string[] }[];
}

interface Plan {
  task: Task;
  next: Task;
  notify?: EscalationNotice;
}

/**
 * The 15-minute escalation run, in time, not in runs: each shard of the attention index is
 * walked page by page until it has nothing due or the budget runs short (then the next
 * invocation carries on from the same shard), so a pass over a province's overdue tasks is
 * bounded by time and fan-out, and a supervisor's tasks gather in the window's one digest
 * whatever the number of pages and invocations that find them.
 *
 * 1. Reads the active tasks whose attention time has come (one shard's page, earliest first).
 * 2. Marks a task whose window closed without a qualifying visit as missed.
 * 3. Takes the next step on its tier's ladder; the role is found walking up the elder's area,
 *    skipping (and reporting) levels nobody holds.
 * 4. Adds the tasks to each supervisor's digest for the next window (09:00 and 15:00 by
 *    default; an emergency's follow-up goes at once), then records each step with a
 *    version-checked write: a task completed or reassigned meanwhile, or already escalated by
 *    a concurrent run, is left alone. Queueing first means a crash can at worst repeat a task
 *    in the next window's digest, never lose one; a rerun adds the same tasks to the same
 *    digest and changes nothing.
 *
 * `escalateOverdue` walks every shard to its end in one process (the local runner, the CLI and
 * tests); in AWS each shard is a message of the jobs queue and `escalateChunk` its worker.
 */
export async function escalateOverdue(deps: EscalateOverdueDeps): Promise<EscalationReport> {
  const report = emptyEscalationReport();
  for (const shard of deps.tasks.attentionShards()) addEscalationReport(report, (await escalateChunk(deps, shard, undefined, unlimited)).report);
  return report;
}

/** One invocation's share of a pass: one shard, page by page, until done or the budget runs short. */
export async function escalateChunk(deps: EscalateOverdueDeps, shard: string, after: string | undefined, budget: TimeBudget): Promise<{ report: EscalationReport; progress: ShardProgress }> {
  const now = toInstant(deps.clock.now());
  const report = emptyEscalationReport();
  const directory = new PeopleDirectory(deps.people);
  const progress = await walkShard(
    budget,
    after,
    (from) => deps.tasks.pageNeedingAttention(shard, now, deps.pageSize ?? ESCALATION_PAGE, from),
    async (due) => {
      const plans: Plan[] = [];
      // One step per task per pass: a task this pass already stepped (a page read again after a
      // kill, or met again further on because its next step still falls before `now`) waits for
      // the next pass, so a long-overdue task climbs one level per run whatever the page cuts.
      for (const task of due) if (!steppedAt(task, now)) plans.push(await planStep(deps, task, now, directory, report));
      await queueEscalationDigests(
        deps,
        plans.flatMap((p) => (p.notify ? [p.notify] : [])),
        now,
        report,
      );
      await forEachLimit(plans, 16, async ({ next }) => {
        if (!(await deps.tasks.update(next))) report.skippedChanged++;
      });
    },
  );
  return { report, progress };
}

function steppedAt(task: Task, now: Instant): boolean {
  const notifiedAt = task.escalation?.notifiedAt;
  return notifiedAt !== undefined && toMillis(notifiedAt) >= toMillis(now);
}

/** Tasks per page: what one page's digest merges and version-checked writes handle at once. */
export const ESCALATION_PAGE = 200;

async function planStep(deps: EscalateOverdueDeps, task: Task, now: Instant, directory: PeopleDirectory, report: EscalationReport): Promise<Plan> {
  const { config } = deps.runtime;
  report.considered++;
  const history = [...task.history];
  let status: TaskStatus = { state: task.state, visitorId: task.visitorId };
  let outcome = task.outcome;
  if ((status.state === 'open' || status.state === 'assigned') && toMillis(task.dueAt) <= toMillis(now)) {
    status = apply(status, { type: 'miss' });
    // The window's visit-rate outcome is fixed here, in the same write as the miss.
    outcome ??= missedOutcome(task, now);
    history.push({ at: now, event: 'miss', by: 'escalate-overdue', detail: 'the window closed without a qualifying visit' });
    report.markedMissed++;
  }
  const ladder = ladderForTask(config.escalation, task);
  const step = escalationStep(task.dueAt, ladder, task.escalation ?? NOT_ESCALATED, now);
  let escalation = step.state;
  let notify: Plan['notify'];
  if (step.action === 'notify') {
    const found = recipientFor(ladder, step.level, task.villageCode, await directory.chainFor(task.villageCode));
    report.levelsSkipped.push(...found.skipped.map((s) => `${task.elderId}#${task.taskId}: ${s}`));
    if ('person' in found) {
      if (found.level !== step.level) escalation = scheduleNext(task.dueAt, ladder, { ...escalation, level: found.level });
      const level = found.level;
      history.push({
        at: now,
        event: 'escalate',
        by: 'escalate-overdue',
        detail: `level ${level}${step.repeat ? ' (again)' : ''}: ${ladder[level - 1]!.role} ${found.person.personId}${found.skipped.length ? `; ${found.skipped.join('; ')}` : ''}`,
      });
      notify = { person: found.person, level, taskRef: `${task.elderId}#${task.taskId}`, dueAt: task.dueAt, urgent: task.urgent === true };
      report.escalatedByLevel[level] = (report.escalatedByLevel[level] ?? 0) + 1;
      if (step.repeat) report.repeats++;
    } else {
      report.noRecipient.push(`${task.elderId}#${task.taskId}`);
      history.push({ at: now, event: 'escalate', by: 'escalate-overdue', detail: `nobody to notify: ${found.skipped.join('; ')}` });
    }
  }
  return { task, next: { ...task, ...status, outcome, escalation, history, version: task.version + 1 }, ...(notify ? { notify } : {}) };
}

import { recipientFor } from '../domain/escalation/chain';
import { ladderForTask } from '../domain/escalation/ladder';
import { escalationStep, NOT_ESCALATED, scheduleNext } from '../domain/escalation/step';
import type { Person } from '../domain/people/person';
import { apply } from '../domain/task/lifecycle';
import type { TaskStatus } from '../domain/task/lifecycle';
import type { Task } from '../domain/task/task';
import { toInstant, toMillis } from '../domain/time/instant';
import { missedOutcome } from '../domain/task/outcome';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, Outbox, PersonRepository, TaskRepository } from '../ports';
import { forEachLimit } from './concurrency';
import { queueEscalationDigests } from './escalation-digests';
import type { EscalationNotice } from './escalation-digests';
import { PeopleDirectory } from './people-directory';

export interface EscalateOverdueDeps {
  tasks: TaskRepository;
  people: PersonRepository;
  outbox: Outbox;
  clock: Clock;
  runtime: RegionRuntime;
  /** Tasks handled per run; the rest wait for the next run (every 15 minutes). */
  limit?: number;
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
 * The 15-minute escalation run.
 *
 * 1. Reads the active tasks whose attention time has come (sparse index, earliest first).
 * 2. Marks a task whose window closed without a qualifying visit as missed.
 * 3. Takes the next step on its tier's ladder; the role is found walking up the elder's area,
 *    skipping (and reporting) levels nobody holds.
 * 4. Adds the tasks to each supervisor's digest for the next window (09:00 and 15:00 by
 *    default; an emergency's follow-up goes at once), then records each step with a
 *    version-checked write: a task completed or reassigned meanwhile, or already escalated by
 *    a concurrent run, is left alone. Queueing first means a crash can at worst repeat a task
 *    in the next window's digest, never lose one; a rerun adds the same tasks to the same
 *    digest and changes nothing.
 */
export async function escalateOverdue(deps: EscalateOverdueDeps): Promise<EscalationReport> {
  const now = toInstant(deps.clock.now());
  const { config } = deps.runtime;
  const report: EscalationReport = { considered: 0, markedMissed: 0, escalatedByLevel: {}, repeats: 0, skippedChanged: 0, levelsSkipped: [], noRecipient: [], smsQueued: 0, smsMerged: 0, smsExisting: 0, notified: [] };
  const due = await deps.tasks.needingAttention(now, deps.limit ?? 5000);
  const directory = new PeopleDirectory(deps.people);
  const plans: Plan[] = [];

  for (const task of due) {
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
    plans.push({ task, next: { ...task, ...status, outcome, escalation, history, version: task.version + 1 }, ...(notify ? { notify } : {}) });
  }

  await queueEscalationDigests(deps, plans.flatMap((p) => (p.notify ? [p.notify] : [])), now, report);
  await forEachLimit(plans, 16, async ({ next }) => {
    if (!(await deps.tasks.update(next))) report.skippedChanged++;
  });
  return report;
}

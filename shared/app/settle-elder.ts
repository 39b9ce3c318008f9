import type { ElderRecord } from '../domain/ledger/elder-record';
import { isInStep, needsFollowUpSteps } from '../domain/ledger/elder-record';
import { apply, isActive } from '../domain/task/lifecycle';
import type { Task } from '../domain/task/task';
import { toInstant } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { Clock, ElderRepository, Outbox, PersonRepository, TaskRepository } from '../ports';
import { freezeIfClosed } from '../domain/task/outcome';
import { underHomeConsent } from '../domain/task/home-consent';
import { movedTask } from '../domain/ledger/elder-move';
import { ladderFor } from '../domain/escalation/ladder';
import type { RegionRuntime } from '../config/region-config';
import { openReturnTask, queueMovedNotice } from './settle-life-changes';

export interface SettleDeps {
  elders: ElderRepository;
  tasks: TaskRepository;
  clock: Clock;
  runtime: RegionRuntime;
  /** For the SMS to the visitor a moved elder's tasks go to (absent: no SMS). */
  people?: Pick<PersonRepository, 'get'> | undefined;
  outbox?: Outbox | undefined;
}

export interface SettleResult {
  tasksCancelled: number;
  tasksMoved: number;
  /** Tasks made callable by a refusal of home visits, or given back their home visit by its withdrawal. */
  tasksConsentChanged: number;
  /** Back from hospital: the task opened for the rest of the current period. */
  returnTask?: string | undefined;
}

/**
 * The steps a saved form leaves on the elder's open tasks, each idempotent so an interrupted
 * save finishes when run again:
 * - an elder no longer served (status other than active, or consent withdrawn): open tasks
 *   whose window reaches the status date are cancelled with the reason;
 * - an elder given another visitor: open visit tasks still with the former visitor (or with
 *   none) move to the new one, so the elder's record follows the duty (follow-ups stay with
 *   the township);
 * - an elder who refused home visits, or withdrew a refusal: open tasks follow (underHomeConsent);
 * - an elder who moved village (迁居): open tasks follow to the new village and its visitor, who is told;
 * - an elder back from hospital: the rest of the current period gets its task (once).
 * Then the version is marked settled.
 */
export async function settleElder(deps: SettleDeps, record: ElderRecord): Promise<SettleResult> {
  const at = toInstant(deps.clock.now());
  const result: SettleResult = { tasksCancelled: 0, tasksMoved: 0, tasksConsentChanged: 0 };
  if (needsFollowUpSteps(record)) {
    const tasks = await deps.tasks.forElder(record.elderId);
    const moved: Task[] = [];
    for (const task of tasks) {
      if (!isActive(task.state)) continue;
      const outcome = await settleTask(deps, record, task, at);
      if (outcome === 'cancelled') result.tasksCancelled++;
      else if (outcome === 'consent') result.tasksConsentChanged++;
      else if (outcome !== 'unchanged') {
        result.tasksMoved++;
        moved.push(outcome);
      }
    }
    if (record.areaChange) await queueMovedNotice(deps, record, moved, at);
    result.returnTask = await openReturnTask(deps, record, tasks, at);
  }
  await deps.elders.markSettled(record.elderId, record.version);
  return result;
}

/**
 * Finishes whatever an interrupted write left undone for one elder: a projection missing or
 * behind its form is rebuilt from the form, unfinished follow-up steps are run. What
 * `tanfang ledger check` and a rerun of an import do.
 */
export async function healElder(deps: SettleDeps, elderId: string): Promise<'in_step' | 'repaired' | 'missing'> {
  const record = await deps.elders.get(elderId);
  if (!record) return 'missing';
  if (isInStep(record)) return 'in_step';
  const settledNow = !needsFollowUpSteps(record);
  if (record.projectedVersion !== record.version) await deps.elders.project(record, settledNow);
  if (!settledNow || record.settledVersion !== record.version) await settleElder(deps, record);
  return 'repaired';
}

function noLongerServedReason(record: ElderRecord): string | undefined {
  const { state, since } = record.status;
  if (!record.consent.visits) return 'the elder withdrew consent to visits';
  return state !== 'active' ? `elder status ${state} since ${since}` : undefined;
}

/** What settling did to one task: cancelled it, changed it for home consent only, moved it (the task as written), or nothing. */
async function settleTask(deps: SettleDeps, record: ElderRecord, first: Task, at: Instant): Promise<'cancelled' | 'consent' | Task | 'unchanged'> {
  let task: Task | undefined = first;
  for (let attempt = 0; attempt < 3 && task && isActive(task.state); attempt++) {
    const next = withHomeConsent(deps, record, task, settledTask(deps, record, task, at), at);
    if (!next) return 'unchanged';
    if (await deps.tasks.update(next.task)) return next.outcome === 'moved' ? next.task : next.outcome;
    task = await deps.tasks.get(task.elderId, task.taskId);
  }
  return 'unchanged';
}

/** The task after the status and visitor steps, with the elder's home-consent change applied too (one write, one version). */
function withHomeConsent(deps: SettleDeps, record: ElderRecord, task: Task, next: { task: Task; outcome: 'cancelled' | 'moved' } | undefined, at: Instant): { task: Task; outcome: 'cancelled' | 'moved' | 'consent' } | undefined {
  if (!record.homeConsentChange || next?.outcome === 'cancelled') return next;
  const changed = underHomeConsent(next?.task ?? task, record.homeConsentChange, record.profile.homeVisitRefusal, deps.runtime.policy.homeVisitConsent, at);
  if (!changed) return next;
  return { task: { ...changed, version: task.version + 1 }, outcome: next?.outcome ?? 'consent' };
}

/** What one open task becomes under the elder's saved form, or undefined when it stays. */
function settledTask(deps: Pick<SettleDeps, 'runtime'>, record: ElderRecord, task: Task, at: Instant): { task: Task; outcome: 'cancelled' | 'moved' } | undefined {
  const reason = noLongerServedReason(record);
  if (reason) {
    const from = record.consent.visits ? record.status.since : at.slice(0, 10);
    if (task.end < from) return undefined;
    const status = apply(task, { type: 'cancel', reason });
    return { outcome: 'cancelled', task: { ...freezeIfClosed(task, at), ...status, closedReason: reason, history: [...task.history, { at, event: 'cancel', by: 'ledger', detail: reason }], version: task.version + 1 } };
  }
  // 迁居: an open task follows the elder to the new village and its visitor.
  const { escalation } = deps.runtime.config;
  const followed = record.areaChange ? movedTask(task, record, at, { ladder: ladderFor(escalation, task.tier), graceHours: escalation.acknowledgeHours }) : undefined;
  if (followed) return { outcome: 'moved', task: followed };
  const to = record.visitorId;
  const change = record.visitorChange;
  if (!change || to === undefined || task.kind === 'follow_up' || task.visitorId === to) return undefined;
  if (task.visitorId !== undefined && !change.from.includes(task.visitorId)) return undefined;
  const detail = `${task.visitorId ?? 'nobody'} → ${to}: the elder's visitor changed in the ledger`;
  const status = apply(task, task.visitorId === undefined ? { type: 'assign', visitorId: to } : { type: 'reassign', visitorId: to, reason: 'the elder’s visitor changed in the ledger' });
  return { outcome: 'moved', task: { ...task, ...status, history: [...task.history, { at, event: task.visitorId === undefined ? 'assign' : 'reassign', by: 'ledger', detail }], version: task.version + 1 } };
}

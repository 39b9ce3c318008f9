import { visitCounts } from '../domain/visit/counts';
import { visitFormSchema } from '../domain/visit/visit-form';
import type { VisitRecord } from '../domain/visit/visit-form';
import { apply, isActive } from '../domain/task/lifecycle';
import type { TaskStatus } from '../domain/task/lifecycle';
import type { Task } from '../domain/task/task';
import { completionOutcome } from '../domain/task/outcome';
import { toInstant, toMillis } from '../domain/time/instant';
import { DEFAULT_VERIFICATION, verifyVisit } from '../domain/visit/verification';
import type { VisitFlag } from '../domain/visit/verification';
import type { VisitForm } from '../domain/visit/visit-form';
import { parseOrThrow, ValidationError } from '../domain/validation';
import type { VisitRepository } from '../ports';
import { ConflictError } from './errors';
import { raiseFollowUps } from './follow-up';
import { recordVisitNeeds } from './needs';
import { implausibleVisit } from '../domain/visit/plausibility';
import type { FollowUpDeps, FollowUpResult } from './follow-up';

export interface RecordVisitDeps extends FollowUpDeps {
  visits: VisitRepository;
}

export interface RecordVisitResult {
  visit: VisitRecord;
  /** True when this call stored the visit; false for a resubmission of the same visitId. */
  stored: boolean;
  task: Task;
  /** Emergencies and unanswered needs found on the visit, and what was done about them. */
  followUps: FollowUpResult;
}

/**
 * Records a visit against its task.
 *
 * 1. Validates the form (every broken rule named) and checks the task belongs to this visitor.
 * 2. Checks it for signs of a fake visit (far from home, too short, outside the window, bulk
 *    entry, a copied record) and stores it first, with those flags, under its own id, so a
 *    retried submission is recognised. A flag never rejects a visit.
 * 3. If the visit counts (accepted method, not before the window) and the task is still active,
 *    completes the task (late, if the window had closed) with a version-checked write, retrying
 *    on a concurrent change. A visit that does not count is stored and noted on the history.
 * 4. Stores the needs it found as their own records with their measures (闭环管理), then raises
 *    the follow-ups its findings call for: urgent SMS on an emergency or unsafe finding, and a
 *    township follow-up task for those, for needs left without a measure and for referrals.
 */
export async function recordVisit(deps: RecordVisitDeps, input: unknown): Promise<RecordVisitResult> {
  const form = parseOrThrow(visitFormSchema, input, 'visit record');
  const at = toInstant(deps.clock.now());
  const implausible = implausibleVisit(form, at);
  if (implausible.length > 0) throw new ValidationError('visit record', implausible);
  let task = await deps.tasks.get(form.elderId, form.taskId);
  if (!task) throw new ValidationError('visit record', [{ field: 'taskId', rule: `no task ${form.taskId} for elder ${form.elderId}` }]);
  if (task.kind === 'follow_up')
    throw new ValidationError('visit record', [
      {
        field: 'taskId',
        rule: `${form.taskId} is a follow-up (跟踪回访): its owner records the outcome (POST /tasks/{elderId}/{taskId}/follow-up), not a visit form`,
        code: 'follow_up_not_visit',
        message: `任务${form.taskId}是跟踪回访：由负责人登记回访结果，不填写探访记录`,
      },
    ]);
  if (task.visitorId !== undefined && task.visitorId !== form.visitorId) {
    throw new ValidationError('visit record', [{ field: 'visitorId', rule: `task ${form.taskId} is assigned to another visitor` }]);
  }
  const verdict = visitCounts(task, form);
  const flags = await verificationFlags(deps, form, task);
  const sequence = (await deps.visits.countForElder(form.elderId)) + 1;
  const { result, visit: stored } = await deps.visits.createIfAbsent({
    ...form,
    sequence,
    recordedAt: at,
    counted: verdict.counts,
    late: verdict.counts ? verdict.late : undefined,
    notCountedReason: verdict.counts ? undefined : verdict.reason,
    flags,
    ...visitPlace(task),
  });
  // A visit id is one visit: a repeat gets the original answer for the original task, never
  // another task's completion; someone else's id is refused without showing their visit.
  if (!stored || stored.visitorId !== form.visitorId) throw new ConflictError('this visitId is already used by another visit record', [{ field: 'visitId', rule: 'is already used: give each visit its own id' }]);
  const visit = stored;
  if (result === 'exists' && (visit.elderId !== task.elderId || visit.taskId !== task.taskId)) {
    const original = await deps.tasks.get(visit.elderId, visit.taskId);
    if (!original) throw new ConflictError('this visitId is already used by another visit record', [{ field: 'visitId', rule: 'is already used: give each visit its own id' }]);
    task = original;
  }

  for (let attempt = 0; attempt < 3; attempt++) {
    const next = nextTaskState(task, visit, visit.visitorId, at);
    if (!next || (await deps.tasks.update(next))) {
      // The needs first, then what they call for: a resubmission after a crash finishes both.
      await recordVisitNeeds(deps, visit, next ?? task);
      const followUps = await raiseFollowUps(deps, visit, next ?? task);
      return { visit, stored: result === 'created', task: next ?? task, followUps };
    }
    const fresh = await deps.tasks.get(visit.elderId, visit.taskId);
    if (!fresh) break;
    task = fresh;
  }
  throw new Error(`task ${visit.elderId}#${visit.taskId} kept changing while the visit was recorded; the visit is stored, try again`);
}

/** The task after this visit, or undefined when there is nothing to change. */
function nextTaskState(task: Task, visit: VisitRecord, visitorId: string, at: string): Task | undefined {
  if (!isActive(task.state)) return undefined;
  if (task.history.some((h) => h.detail?.includes(`visit ${visit.visitId}`))) return undefined;
  const history = [...task.history];
  if (!visit.counted) {
    history.push({ at, event: 'visit_not_counted', by: visitorId, detail: `visit ${visit.visitId}: ${visit.notCountedReason ?? ''}` });
    return { ...task, history, version: task.version + 1 };
  }
  let status: TaskStatus = { state: task.state, visitorId: task.visitorId };
  if (status.visitorId === undefined) {
    status = apply(status, { type: 'assign', visitorId });
    history.push({ at, event: 'assign', by: visitorId, detail: 'assigned to the visitor who recorded the visit' });
  }
  status = apply(status, { type: 'complete', visitId: visit.visitId });
  const late = visit.late === true;
  history.push({ at, event: 'complete', by: visitorId, detail: `visit ${visit.visitId} (${visit.method})${late ? ', after the window closed' : ''}` });
  const visitFlags = (visit.flags ?? []).map((f) => f.kind);
  // A late visit names the shortfall of a window already fixed as missed; an in-time one fixes it as visited.
  const outcome = completionOutcome({ ...task, ...status }, visit, at) ?? task.outcome;
  return { ...task, ...status, completedAt: visit.visitedAt, late, visitId: visit.visitId, ...(visitFlags.length ? { visitFlags } : {}), outcome, history, version: task.version + 1 };
}

/** Where the visit was, stored with it so supervisors' lists by area need no second read. */
function visitPlace(task: Task): Pick<VisitRecord, 'villageCode' | 'villageName' | 'maskedName'> {
  return { villageCode: task.villageCode, villageName: task.villageName, maskedName: task.maskedName };
}

/** The context verification needs: the elder's address, their previous record, the visitor's visits around this one. */
async function verificationFlags(deps: RecordVisitDeps, form: VisitForm, task: Task): Promise<VisitFlag[]> {
  const window = DEFAULT_VERIFICATION.bulkWindowMinutes * 60_000;
  const at = toMillis(form.visitedAt);
  const [elder, earlier, nearby] = await Promise.all([deps.elders.get(form.elderId), deps.visits.forElder(form.elderId), deps.visits.byVisitorBetween(form.visitorId, toInstant(new Date(at - window)), toInstant(new Date(at + window)))]);
  const previous = earlier.filter((v) => v.visitId !== form.visitId && toMillis(v.visitedAt) <= at).sort((a, b) => toMillis(b.visitedAt) - toMillis(a.visitedAt))[0];
  return verifyVisit(form, { task, home: elder?.registration.residence.location, previous, nearbyByVisitor: nearby });
}

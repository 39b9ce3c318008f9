import { canJudgeVisits } from '../domain/access/supervision';
import type { Principal } from '../domain/access/access';
import { afterFakeVisit } from '../domain/task/outcome';
import type { Task } from '../domain/task/task';
import { toInstant } from '../domain/time/instant';
import type { VisitRecord, VisitReview } from '../domain/visit/visit-form';
import type { Clock, TaskRepository, VisitRepository } from '../ports';
import { ConflictError, NotFoundError } from './errors';
import { ForbiddenError } from './supervise';

export interface ReviewDeps {
  visits: VisitRepository;
  tasks: TaskRepository;
  clock: Clock;
}

export interface ReviewRequest {
  principal: Principal;
  elderId: string;
  visitId: string;
  verdict: VisitReview['verdict'];
  source: VisitReview['source'];
  note?: string | undefined;
}

export interface ReviewAnswer {
  visit: VisitRecord;
  review: VisitReview;
  /** False when the same verdict was already recorded (a repeated request changes nothing). */
  recorded: boolean;
  /** The task the visit had completed, after the verdict. */
  task?: { taskId: string; state: Task['state']; reopened: boolean; outcome?: string | undefined } | undefined;
}

/**
 * A supervisor's verdict on a visit (确认属实 / 认定虚假).
 *
 * 1. Loads the visit; checks the caller judges visits in its area and is not its visitor.
 * 2. Records the verdict once (a conditional write): the same verdict again is a no-op answer,
 *    a different one is a conflict naming who judged it first.
 * 3. A fake verdict stops the visit counting: the task it completed is reopened while its window
 *    is open, or its outcome becomes `fake` once closed (version-checked, retried). Step 3 runs
 *    again on a repeat, so a crash after step 2 is healed by sending the request again.
 */
export async function reviewVisit(deps: ReviewDeps, request: ReviewRequest): Promise<ReviewAnswer> {
  const visit = await deps.visits.get(request.elderId, request.visitId);
  if (!visit) throw new NotFoundError(`no visit ${request.visitId} for elder ${request.elderId}`);
  // Visits stored before they carried their village are placed through their task.
  const village = visit.villageCode ?? (await deps.tasks.get(visit.elderId, visit.taskId))?.villageCode;
  if (village === undefined) throw new NotFoundError(`visit ${request.visitId} has no task to place it in an area`);
  const decision = canJudgeVisits(request.principal, village, visit.visitorId);
  if (!decision.allowed) throw new ForbiddenError(`${request.principal.personId} ${decision.reason}`);
  const at = toInstant(deps.clock.now());
  const review: VisitReview = { verdict: request.verdict, by: request.principal.personId, at, source: request.source, ...(request.note ? { note: request.note } : {}) };
  let recorded = await deps.visits.setReview(visit.elderId, visit.visitId, review);
  let stored = review;
  if (!recorded) {
    const current = (await deps.visits.get(visit.elderId, visit.visitId))?.review;
    if (!current) throw new Error(`visit ${visit.visitId} could not be reviewed; nothing was written, try again`);
    if (current.verdict !== request.verdict) throw new ConflictError(`visit ${visit.visitId} was already judged ${current.verdict} by ${current.by} at ${current.at}`);
    stored = current;
    recorded = false;
  }
  const task = stored.verdict === 'fake' ? await stopCounting(deps, visit, stored.by, at) : await deps.tasks.get(visit.elderId, visit.taskId);
  return {
    visit: { ...visit, review: stored },
    review: stored,
    recorded,
    task: task ? { taskId: task.taskId, state: task.state, reopened: task.history.some((h) => h.event === 'reopen' && h.detail?.includes(`visit ${visit.visitId} `)), outcome: task.outcome?.result } : undefined,
  };
}

async function stopCounting(deps: ReviewDeps, visit: VisitRecord, by: string, at: string): Promise<Task | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const task = await deps.tasks.get(visit.elderId, visit.taskId);
    if (!task) return undefined;
    const next = afterFakeVisit(task, visit.visitId, by, at);
    if (!next) return task;
    if (await deps.tasks.update(next)) return next;
  }
  throw new Error(`task ${visit.elderId}#${visit.taskId} kept changing; the verdict is recorded, send it again to finish`);
}

import type { ElderForSpecial } from '../domain/ledger/elder-record';
import type { Occasion } from '../domain/special/occasion';
import { joinOccasion, specialTask } from '../domain/special/plan';
import type { ElderEffect, SpecialTaskSpec } from '../domain/special/plan';
import { apply as applyTransition, isActive } from '../domain/task/lifecycle';
import type { Instant } from '../domain/time/instant';
import type { LocalDate } from '../domain/time/local-date';
import type { Task } from '../domain/task/task';
import type { TaskRepository } from '../ports';
import type { Assignees } from './assignees';

export type OccasionTasks = Pick<TaskRepository, 'createIfAbsent' | 'get' | 'update' | 'forElder'>;

/** What applying an occasion did to one elder's tasks: for the page's notices and counters. */
export interface ElderApplied {
  /** Who is told: the visitor of the elder's first extra task (a cover during a leave). */
  visitorId?: string | undefined;
  /** An update made one of the elder's tasks stricter. */
  tightened: boolean;
  created: number;
  merged: number;
  /** Made (or joined) by an interrupted attempt of this same first application: its work, counted by it. */
  carriedCreated: number;
  carriedMerged: number;
  existing: number;
  tightenedTasks: number;
  /** Cancelled by this call, and found cancelled by an interrupted earlier call of the same cancel. */
  cancelledNow: number;
  cancelledBefore: number;
  /** This application's work shows on the elder (what `elders` counts on a first application). */
  reachedByThis: boolean;
  /** None of the elder's tasks was there before (what `elders` counts on an update). */
  newlyReached: boolean;
}

/**
 * Creates the elder's extra tasks with conditional writes keyed by elder and day; a task already
 * there from another occasion gets this occasion added instead of a second task. For a cancelled
 * occasion, cancels the open extra tasks only it asked for. Work an interrupted attempt of this
 * same application left is counted as this application's: on a first application (no revision
 * finished applying yet) any task carrying the occasion; on an update, a task whose history shows
 * this revision created it or added the occasion to it.
 */
export async function applyToElder(
  deps: { tasks: OccasionTasks },
  assignees: Assignees,
  occasion: Occasion,
  elder: ElderForSpecial,
  tier: string,
  effect: ElderEffect,
  at: { now: Instant; today: LocalDate; firstApplication: boolean },
): Promise<ElderApplied> {
  const out: ElderApplied = { tightened: false, created: 0, merged: 0, carriedCreated: 0, carriedMerged: 0, existing: 0, tightenedTasks: 0, cancelledNow: 0, cancelledBefore: 0, reachedByThis: false, newlyReached: false };
  const { occasionId } = occasion;
  const revision = { id: occasionId, revision: occasion.revision ?? 1 };
  if (occasion.status === 'cancelled') {
    for (const t of effect.tasks) {
      const cancelled = await cancelIfOnlyFor(deps.tasks, elder.elderId, t.taskId, occasionId, at.now);
      if (cancelled === 'now') out.cancelledNow++;
      if (cancelled === 'already') out.cancelledBefore++;
    }
    return out;
  }
  let reachedBefore = false;
  for (const t of effect.tasks) {
    const task = await assignees.assign(specialTask(elder, tier, t, revision, at.today, at.now));
    if (t === effect.tasks[0]) out.visitorId = task.visitorId;
    if ((await deps.tasks.createIfAbsent(task)) === 'created') {
      out.created++;
      out.reachedByThis = true;
      continue;
    }
    const joined = await joinExisting(deps.tasks, elder.elderId, t, revision, at.now);
    if (joined.tightened) {
      out.tightenedTasks++;
      out.tightened = true;
    }
    // An interrupted attempt of this update made it stricter: the visitor's notice of it may not have been queued.
    if (!at.firstApplication && joined.mine?.tightened) out.tightened = true;
    if (joined.newOccasion) {
      out.merged++;
      out.reachedByThis = true;
      continue;
    }
    if (!joined.tightened) out.existing++;
    const carried = at.firstApplication ? joined.firstOccasion !== undefined && (joined.firstOccasion === occasionId ? 'created' : 'merged') : joined.mine?.created ? 'created' : joined.mine?.merged ? 'merged' : undefined;
    if (!carried) {
      reachedBefore = true;
      continue;
    }
    if (carried === 'created') out.carriedCreated++;
    else out.carriedMerged++;
    out.reachedByThis = true;
  }
  out.newlyReached = !reachedBefore;
  return out;
}

/**
 * Records this occasion on an existing special task and makes it as strict as asked
 * (version-checked). `firstOccasion`: the occasion that created a task already carrying this one;
 * `mine`: what this revision of the occasion had already done to the task (an interrupted attempt).
 */
async function joinExisting(
  tasks: OccasionTasks,
  elderId: string,
  taskSpec: SpecialTaskSpec,
  occasion: { id: string; revision: number },
  now: Instant,
): Promise<{ newOccasion: boolean; tightened: boolean; firstOccasion?: string | undefined; mine?: RevisionMarks | undefined }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = await tasks.get(elderId, taskSpec.taskId);
    const joined = task && joinOccasion(task, taskSpec, occasion, now);
    const carried = task?.occasions?.includes(occasion.id) ? task.occasions[0] : undefined;
    const mine = task && carried !== undefined ? marksOf(task, occasion) : undefined;
    if (!task || !joined) return { newOccasion: false, tightened: false, firstOccasion: carried, mine };
    if (await tasks.update({ ...joined.task, version: task.version + 1 })) return { newOccasion: carried === undefined, tightened: joined.outcome === 'tightened', firstOccasion: carried, mine };
  }
  return { newOccasion: false, tightened: false };
}

/** What one occasion revision's application did to a task, from the marks on its history. */
interface RevisionMarks {
  created: boolean;
  merged: boolean;
  tightened: boolean;
}

function marksOf(task: Task, occasion: { id: string; revision: number }): RevisionMarks | undefined {
  const mine = task.history.filter((e) => e.occasion?.id === occasion.id && e.occasion.revision === occasion.revision);
  if (mine.length === 0) return undefined;
  return { created: mine.some((e) => e.event === 'create'), merged: mine.some((e) => e.occasion?.added === true), tightened: mine.some((e) => e.occasion?.tightened === true) };
}

/**
 * Cancels an open extra task that only this occasion asked for (another occasion's visit still
 * stands): 'now', 'already' (an interrupted run of this cancel did it), or 'no'.
 */
async function cancelIfOnlyFor(tasks: OccasionTasks, elderId: string, taskId: string, occasionId: string, now: Instant): Promise<'now' | 'already' | 'no'> {
  const reason = `${occasionId} was cancelled`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = await tasks.get(elderId, taskId);
    if (task?.state === 'cancelled' && task.closedReason === reason) return 'already';
    if (!task || !isActive(task.state) || task.kind !== 'special') return 'no';
    const others = (task.occasions ?? []).filter((o) => o !== occasionId);
    if (others.length > 0 || !(task.occasions ?? []).includes(occasionId)) return 'no';
    const status = applyTransition({ state: task.state, visitorId: task.visitorId }, { type: 'cancel', reason });
    const updated = {
      ...task,
      ...status,
      closedReason: reason,
      history: [...task.history, { at: now, event: 'cancel' as const, by: 'special-periods', detail: reason }],
      version: task.version + 1,
    };
    if (await tasks.update(updated)) return 'now';
  }
  return 'no';
}

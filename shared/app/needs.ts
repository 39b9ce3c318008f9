import { createHash } from 'node:crypto';
import { canCloseReferral, canWorkNeeds } from '../domain/access/care';
import { currentVisitors } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { addMeasure, isOpenNeed, measureRef, moveNeedMeasure, needsFromVisit } from '../domain/care/need';
import type { Need, NeedChange, RecordedMeasureState } from '../domain/care/need';
import type { Measure, MeasureState } from '../domain/care/measure';
import { isActive } from '../domain/task/lifecycle';
import type { Task } from '../domain/task/task';
import { toInstant } from '../domain/time/instant';
import type { VisitRecord } from '../domain/visit/visit-form';
import type { ElderRecord } from '../domain/ledger/elder-record';
import { followUpBaseOf } from './follow-up-base';
import type { FollowUpDeps } from './follow-up';
import { ConflictError, NotFoundError } from './errors';
import { ForbiddenError } from './supervise';
import { openFollowUp } from './open-follow-up';
import { villageStaff } from './urgent';

export type NeedsDeps = FollowUpDeps;

/** Stores the needs a visit found, each once (a resubmitted visit finds them stored). Returns how many are new. */
export async function recordVisitNeeds(deps: Pick<NeedsDeps, 'needs'>, visit: VisitRecord, task: Task): Promise<number> {
  let created = 0;
  for (const need of needsFromVisit(visit, task, visit.recordedAt)) if ((await deps.needs.createIfAbsent(need)) === 'created') created++;
  return created;
}

interface ElderScope {
  elder: ElderRecord;
  villageCode: string;
  tasks: Task[];
}

/** Whether the principal may work the elder's needs (their current visitors, the supervisors of their village); the elder's tasks, read once. */
async function mayWork(deps: NeedsDeps, p: Principal, elderId: string): Promise<ElderScope> {
  const elder = await deps.elders.get(elderId);
  if (!elder) throw new NotFoundError(`no elder ${elderId}`);
  const tasks = await deps.tasks.forElder(elderId);
  const decision = canWorkNeeds(
    p,
    elder.villageCode,
    currentVisitors(
      elder,
      tasks.filter((t) => isActive(t.state)),
    ),
  );
  if (!decision.allowed) throw new ForbiddenError(`${p.personId} ${decision.reason}`);
  return { elder, villageCode: elder.villageCode, tasks };
}

/** An elder's needs (open ones only unless `all`), oldest first, for their visitors and the supervisors of their village. */
export async function listNeeds(deps: NeedsDeps, p: Principal, elderId: string, all = false): Promise<Need[]> {
  const scope = await mayWork(deps, p, elderId);
  const needs = (await deps.needs.forElder(elderId)).sort((a, b) => a.foundAt.localeCompare(b.foundAt) || a.needKey.localeCompare(b.needKey));
  await healReferrals(deps, scope, needs, p.personId);
  return all ? needs : needs.filter(isOpenNeed);
}

/**
 * A referred measure whose follow-up was never opened (the write that referred it finished,
 * the follow-up did not) gets it now: every read or change of the elder's needs heals it.
 */
async function healReferrals(deps: NeedsDeps, scope: ElderScope, needs: readonly Need[], by: string): Promise<void> {
  const covered = new Set(scope.tasks.flatMap((t) => t.followUpOf ?? []));
  for (const need of needs) {
    for (const m of need.measures) if (m.state === 'referred' && !covered.has(measureRef(need.needKey, m.measureId))) await followReferral(deps, scope.elder, need, m, by);
  }
}

export interface MeasureResult {
  need: Need;
  measure: Measure;
  /** A referral opened (or found) this follow-up (`elderId#taskId`). */
  followUp?: string | undefined;
}

/**
 * Changes one need with a version check, reading it again when it changed meanwhile (another
 * step, a follow-up's outcome); a step the rules refuse is a conflict naming why.
 */
async function changeNeed(deps: NeedsDeps, elderId: string, needKey: string, change: (need: Need) => NeedChange | { ok: false; error: Error }): Promise<{ need: Need; measure: Measure }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const need = await deps.needs.get(elderId, needKey);
    if (!need) throw new NotFoundError(`elder ${elderId} has no need ${needKey}`);
    const changed = change(need);
    if (!changed.ok) throw new ConflictError('error' in changed ? changed.error.message : changed.reason);
    if (await deps.needs.update(changed.need)) return changed;
  }
  throw new Error(`need ${elderId}/${needKey} kept changing; nothing was written, try again`);
}

/** The follow-up task id of a referral made after its visit: one per measure, whoever refers it and however often. */
export const referralFollowUpId = (elderId: string, ref: string) => `F#ref-${createHash('sha256').update(`${elderId}|${ref}`).digest('hex').slice(0, 20)}`;

/** 转介: a referral opens a follow-up for the township, checking the referred service happened. */
async function followReferral(deps: NeedsDeps, elder: ElderRecord, need: Need, measure: Measure, by: string): Promise<string> {
  const ref = measureRef(need.needKey, measure.measureId);
  const staff = await villageStaff(deps.people, elder.villageCode);
  const now = toInstant(deps.clock.now());
  const { followUp } = await openFollowUp(
    deps,
    followUpBaseOf(elder, deps.runtime, now),
    { taskId: referralFollowUpId(need.elderId, ref), cause: 'referral', why: `referred: ${measure.description} (need ${need.needKey})`, by, urgent: false, followUpOf: [ref], owner: staff.instructor ?? staff.liaison },
    now,
  );
  return `${followUp.elderId}#${followUp.taskId}`;
}

/** A further measure for a need (a need left unanswered, or one whose measure did not help). */
export async function addNeedMeasure(deps: NeedsDeps, p: Principal, input: { elderId: string; needKey: string; description: string; state: RecordedMeasureState; note?: string | undefined }): Promise<MeasureResult> {
  const scope = await mayWork(deps, p, input.elderId);
  await healReferrals(deps, scope, await deps.needs.forElder(input.elderId), p.personId);
  const at = toInstant(deps.clock.now());
  const { need, measure } = await changeNeed(deps, input.elderId, input.needKey, (n) => addMeasure(n, input.description, input.state, { by: p.personId, at, note: input.note }));
  return { need, measure, ...(measure.state === 'referred' ? { followUp: await followReferral(deps, scope.elder, need, measure, p.personId) } : {}) };
}

/**
 * Moves a measure one step (planned → in progress → done; referred → followed up), recording
 * who and when. Closing a referral is the township's (canCloseReferral); a new referral opens
 * its follow-up.
 */
export async function moveMeasureOf(deps: NeedsDeps, p: Principal, input: { elderId: string; needKey: string; measureId: string; to: MeasureState; note?: string | undefined }): Promise<MeasureResult> {
  const scope = await mayWork(deps, p, input.elderId);
  if (input.to === 'followed_up') {
    const decision = canCloseReferral(p, scope.villageCode);
    if (!decision.allowed) throw new ForbiddenError(`${p.personId} ${decision.reason}`);
  }
  await healReferrals(deps, scope, await deps.needs.forElder(input.elderId), p.personId);
  const at = toInstant(deps.clock.now());
  const { need, measure } = await changeNeed(deps, input.elderId, input.needKey, (n) => moveNeedMeasure(n, input.measureId, input.to, { by: p.personId, at, note: input.note }));
  return { need, measure, ...(measure.state === 'referred' ? { followUp: await followReferral(deps, scope.elder, need, measure, p.personId) } : {}) };
}

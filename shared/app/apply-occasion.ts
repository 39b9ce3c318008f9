import { createHash } from 'node:crypto';
import { servedCounties } from '../config/region-config';
import type { RegionRuntime } from '../config/region-config';
import { isServed } from '../domain/ledger/elder-record';
import type { ElderForSpecial } from '../domain/ledger/elder-record';
import { classify } from '../domain/policy/classify';
import { isUrgent } from '../domain/special/occasion';
import type { Occasion } from '../domain/special/occasion';
import { effectFor, joinOccasion, specialTask } from '../domain/special/plan';
import { respectHomeRefusal } from '../domain/special/home-refusal';
import type { ElderEffect, SpecialTaskSpec } from '../domain/special/plan';
import { sendAfterFor } from '../domain/sms/quiet-hours';
import { apply as applyTransition, isActive } from '../domain/task/lifecycle';
import { instantAt, localDateOf, toInstant, toMillis } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { NewOutboxMessage } from '../domain/sms/message';
import type { Clock, DeadlineScheduler, ElderRepository, LeaveRepository, OccasionStore, Outbox, PersonRepository, TaskRepository } from '../ports';
import { wakeAt } from './deadlines';
import { Assignees } from './assignees';
import { applySuspension, inOccasionArea, noticeTemplates, occasionScopes } from './occasion-effects';
import { forEachLimit } from './concurrency';
import { deliveryWatch, smsContent } from './sms-message';

export interface ApplyOccasionDeps {
  occasions: OccasionStore;
  elders: Pick<ElderRepository, 'inArea'>;
  tasks: Pick<TaskRepository, 'createIfAbsent' | 'get' | 'update' | 'forElder'>;
  people: Pick<PersonRepository, 'getMany' | 'get'>;
  /** Visitors' leaves: an extra task due on a leave's day goes to the cover. */
  leaves?: Pick<LeaveRepository, 'forVisitor'> | undefined;
  outbox: Outbox;
  clock: Clock;
  runtime: RegionRuntime;
  /** Writes in flight at once. */
  concurrency?: number;
  deadlines?: DeadlineScheduler | undefined; // wakes escalation at the extra tasks' deadlines (the poll is the net)
}

export interface ApplyOccasionReport {
  occasionId: string;
  status: 'active' | 'cancelled' | 'unknown';
  /** Served elders in the occasion's areas whose tier a rule covers. */
  elders: number;
  eldersByRule: Record<string, number>;
  tasksCreated: number;
  /** Already there from another occasion the same day: the occasion is recorded on it, no second task. */
  tasksMerged: number;
  /** Already there from an earlier apply of this occasion (a repeat or an update). */
  tasksExisting: number;
  /** Made stricter (an earlier deadline, a home visit) by an upgrade or another occasion. */
  tasksTightened: number;
  tasksCancelled: number;
  visitorNotices: number;
  familyNotices: number;
  /** Notices already queued by an earlier apply: one message per recipient per occasion. */
  noticesExisting: number;
  noticeSegments: number;
  /** Alert areas outside this deployment's counties. */
  outsideAreas: string[];
  /** Routine home-visit tasks an event's order made remote-countable (or, on its cancel, home-only again). */
  routineSuspended: number;
}

interface VisitorLoad {
  elders: number;
  homeVisits: number;
  firstDueAt: Instant;
  taskRefs: string[];
}

/**
 * Applies a weather warning or a festival to the elders it touches (特殊时间节点):
 *
 * 1. Reads only the elders of the affected areas (a Query per county, township or village on
 *    the byCounty index), skips those not served, classifies each, and lets the region's
 *    special-period rules decide the extra task and who is told.
 * 2. Creates each task with a conditional write keyed by elder and day; a task already there
 *    from another occasion gets this occasion added to it instead of a second task.
 * 3. Queues one notice per visitor and one per family phone for the whole occasion, merged over
 *    their elders, with deterministic ids: applying again (a repeat, an update, a retry) never
 *    sends anyone a second notice. Orange and red warnings are urgent and ignore quiet hours.
 * For a cancelled alert it instead cancels the open extra tasks that only this alert asked for;
 * its pending notices are stopped by the sender, which checks the occasion before sending.
 *
 * An application is finished when its revision is recorded as applied, with its counters, in
 * one conditional write at the end. One cut short (a crash, a killed run, a timed-out stream
 * batch) is simply run again: every step above is idempotent, and the first application to
 * finish counts what any interrupted attempt of it already did, so the counters stay exact.
 */
export async function applyOccasion(deps: ApplyOccasionDeps, occasionId: string): Promise<ApplyOccasionReport> {
  const report: ApplyOccasionReport = {
    occasionId,
    status: 'unknown',
    elders: 0,
    eldersByRule: {},
    tasksCreated: 0,
    tasksMerged: 0,
    tasksExisting: 0,
    tasksTightened: 0,
    tasksCancelled: 0,
    visitorNotices: 0,
    familyNotices: 0,
    noticesExisting: 0,
    noticeSegments: 0,
    outsideAreas: [],
    routineSuspended: 0,
  };
  const occasion = await deps.occasions.get(occasionId);
  if (!occasion) return report;
  report.status = occasion.status;
  // Before any application finished, everything this occasion's tasks and notices show is its own work.
  const firstApplication = (await deps.occasions.appliedRevision(occasionId)) === undefined;
  const counted = { elders: 0, tasksCreated: 0, tasksMerged: 0, tasksCancelled: 0, noticesQueued: 0 };
  const now = toInstant(deps.clock.now());
  const today = localDateOf(now);
  const { scopes, outside } = occasionScopes(occasion, servedCounties(deps.runtime.config));
  const assignees = new Assignees(deps);
  report.outsideAreas = outside;
  // A cancelled alert is walked as if active, to find the tasks it asked for.
  const asActive: Occasion = { ...occasion, status: 'active' };
  const rules = deps.runtime.policy.specialPeriods;
  const visitors = new Map<string, VisitorLoad>();
  /** Each family phone, with the special tasks of its elders (a reply `1` will confirm contact on them). */
  const familyPhones = new Map<string, string[]>();
  const dueTimes = new Set<Instant>(); // the extra tasks' deadlines, when escalation is woken
  // Festival notices wait for the first window to open (a festival is opened days ahead).
  let firstOpensAt: Instant | undefined;
  let newlyReached = 0;
  // Visitors whose tasks an update made stricter: they are told again (once per update).
  const tightenedFor = new Set<string>();

  const affected = async function* (): AsyncIterable<{ elder: ElderForSpecial; effect: ElderEffect; tier: string }> {
    for (const scope of scopes) {
      for await (const elder of deps.elders.inArea(scope)) {
        if (!isServed(elder, today)) continue;
        if (!inOccasionArea(occasion, elder.villageCode)) continue;
        const c = classify(elder.profile, deps.runtime.policy, today);
        if (!c.eligible) continue;
        const effect = respectHomeRefusal(effectFor(asActive, c.tier, rules, now), c.cadence, deps.runtime.policy.homeVisitConsent);
        if (effect && effect.tasks.length > 0) yield { elder, effect, tier: c.tier };
      }
    }
  };

  await forEachLimit(affected(), deps.concurrency ?? 16, async ({ elder, effect, tier }) => {
    report.elders++;
    report.eldersByRule[effect.ruleId] = (report.eldersByRule[effect.ruleId] ?? 0) + 1;
    // Home visits suspended by an event's order (or given back by its cancel) on the routine tasks.
    report.routineSuspended += await applySuspension(deps.tasks, elder.elderId, occasion, effect.remoteRoutineMethods, now);
    if (occasion.status === 'cancelled') {
      for (const t of effect.tasks) {
        const cancelled = await cancelIfOnlyFor(deps, elder.elderId, t.taskId, occasionId, now);
        if (cancelled === 'now') report.tasksCancelled++;
        if (cancelled !== 'no') counted.tasksCancelled++;
      }
      return;
    }
    // Counted once per elder over repeats and updates: only when none of its tasks was there yet.
    let reachedBefore = false;
    let reachedByThis = false;
    let visitorId = elder.visitorId;
    for (const t of effect.tasks) {
      if (firstOpensAt === undefined || toMillis(t.opensAt) < toMillis(firstOpensAt)) firstOpensAt = t.opensAt;
      const task = await assignees.assign(specialTask(elder, tier, t, occasionId, today, now));
      if (t === effect.tasks[0]) visitorId = task.visitorId;
      const result = await deps.tasks.createIfAbsent(task);
      if (result === 'created') {
        report.tasksCreated++;
        counted.tasksCreated++;
        reachedByThis = true;
        continue;
      }
      const joined = await joinExisting(deps, elder.elderId, t, occasionId, now);
      if (joined.tightened) {
        report.tasksTightened++;
        if (visitorId) tightenedFor.add(visitorId);
      }
      if (joined.newOccasion) {
        report.tasksMerged++;
        counted.tasksMerged++;
        reachedByThis = true;
      } else {
        if (!joined.tightened) report.tasksExisting++;
        reachedBefore = true;
        // An interrupted first application made it: the finishing one counts it.
        if (firstApplication && joined.firstOccasion !== undefined) {
          if (joined.firstOccasion === occasionId) counted.tasksCreated++;
          else counted.tasksMerged++;
          reachedByThis = true;
        }
      }
    }
    if (!reachedBefore) newlyReached++;
    if (reachedByThis) counted.elders++;
    if (effect.notifyVisitor && visitorId) {
      const load = visitors.get(visitorId) ?? { elders: 0, homeVisits: 0, firstDueAt: effect.tasks[0]!.dueAt, taskRefs: [] };
      load.elders++;
      if (effect.tasks.some((t) => t.homeRequired)) load.homeVisits++;
      for (const t of effect.tasks) if (toMillis(t.dueAt) < toMillis(load.firstDueAt)) load.firstDueAt = t.dueAt;
      load.taskRefs.push(`${elder.elderId}/${effect.tasks[0]!.taskId}`);
      visitors.set(visitorId, load);
    }
    for (const t of effect.tasks) dueTimes.add(t.dueAt);
    if (effect.notifyFamily) for (const p of elder.familyPhones) familyPhones.set(p, [...(familyPhones.get(p) ?? []), ...effect.tasks.map((t) => `${elder.elderId}#${t.taskId}`)]);
  });

  const notBefore = occasion.kind === 'festival' && firstOpensAt !== undefined ? later(now, instantAt(localDateOf(firstOpensAt), MORNING)) : now;
  if (occasion.status === 'active') await queueNotices(deps, occasion, notBefore, visitors, familyPhones, tightenedFor, report);
  for (const dueAt of dueTimes) await wakeAt(deps.deadlines, 'escalate-overdue', dueAt, now);
  counted.noticesQueued = report.visitorNotices + report.familyNotices + (firstApplication ? report.noticesExisting : 0);
  await deps.occasions.completeApply(occasionId, occasion.revision ?? 1, firstApplication ? counted : { ...counted, elders: newlyReached }, now);
  return report;
}

/** When festival notices go out on the day their windows open. */
const MORNING = '09:00:00';
const later = (a: Instant, b: Instant) => (toMillis(a) >= toMillis(b) ? a : b);

async function queueNotices(
  deps: ApplyOccasionDeps,
  occasion: Occasion,
  /** The earliest the notices may go (quiet hours still apply on top). */
  now: Instant,
  visitors: Map<string, VisitorLoad>,
  familyPhones: Map<string, string[]>,
  tightenedFor: ReadonlySet<string>,
  report: ApplyOccasionReport,
): Promise<void> {
  const { sms } = deps.runtime.config;
  const urgent = isUrgent(occasion);
  const base = { urgent, createdAt: toInstant(deps.clock.now()), sendAfter: sendAfterFor(now, sms.quietHours, urgent), occasionId: occasion.occasionId };
  const roster = await deps.people.getMany([...visitors.keys()]);
  const enqueue = async (message: Omit<NewOutboxMessage, keyof typeof base>) => {
    const result = await deps.outbox.enqueue({ ...base, ...message });
    if (result === 'exists') report.noticesExisting++;
    else report.noticeSegments += message.segments;
    return result === 'queued';
  };
  const templates = noticeTemplates(occasion);
  await forEachLimit(visitors, deps.concurrency ?? 16, async ([visitorId, load]) => {
    const content = smsContent(sms, templates.visitor, { ...templates.values, elders: load.elders, home: load.homeVisits, dueBy: load.firstDueAt });
    // A visitor whose tasks an update tightened gets one more notice for that update.
    const suffix = tightenedFor.has(visitorId) && occasion.kind === 'alert' ? `#${occasion.alert.identifier}` : '';
    const queued = await enqueue({ messageId: `occasion#${occasion.occasionId}#visitor#${visitorId}${suffix}`, ...content, recipientId: visitorId, phone: roster.get(visitorId)?.phone, taskRefs: load.taskRefs.slice(0, 50) });
    if (queued) report.visitorNotices++;
  });
  // Every family notice of an occasion has the same text, so send-sms sends them in batches.
  const family = smsContent(sms, templates.family, templates.values);
  await forEachLimit(familyPhones, deps.concurrency ?? 16, async ([phone, taskRefs]) => {
    // The id carries a hash of the number, never the number itself.
    const ref = createHash('sha256').update(phone).digest('hex').slice(0, 20);
    const queued = await enqueue({
      messageId: `occasion#${occasion.occasionId}#family#${ref}`,
      ...family,
      recipientId: `family:${ref}`,
      phone,
      taskRefs,
      replyTo: 'family',
      ...deliveryWatch(sms, { template: family.template, urgent, createdAt: base.createdAt }),
    });
    if (queued) report.familyNotices++;
  });
}

/**
 * Records this occasion on an existing special task and makes it as strict as asked
 * (version-checked). `firstOccasion`: the occasion that created a task already carrying this one.
 */
async function joinExisting(deps: ApplyOccasionDeps, elderId: string, taskSpec: SpecialTaskSpec, occasionId: string, now: Instant): Promise<{ newOccasion: boolean; tightened: boolean; firstOccasion?: string | undefined }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = await deps.tasks.get(elderId, taskSpec.taskId);
    const joined = task && joinOccasion(task, taskSpec, occasionId, now);
    const carried = task?.occasions?.includes(occasionId) ? task.occasions[0] : undefined;
    if (!task || !joined) return { newOccasion: false, tightened: false, firstOccasion: carried };
    if (await deps.tasks.update({ ...joined.task, version: task.version + 1 })) return { newOccasion: carried === undefined, tightened: joined.outcome === 'tightened', firstOccasion: carried };
  }
  return { newOccasion: false, tightened: false };
}

/**
 * Cancels an open extra task that only this occasion asked for (another occasion's visit still
 * stands): 'now', 'already' (an interrupted run of this cancel did it), or 'no'.
 */
async function cancelIfOnlyFor(deps: ApplyOccasionDeps, elderId: string, taskId: string, occasionId: string, now: Instant): Promise<'now' | 'already' | 'no'> {
  const reason = `${occasionId} was cancelled`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = await deps.tasks.get(elderId, taskId);
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
    if (await deps.tasks.update(updated)) return 'now';
  }
  return 'no';
}

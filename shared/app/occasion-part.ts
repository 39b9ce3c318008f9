import { createHash } from 'node:crypto';
import { servedCounties } from '../config/region-config';
import { isServed } from '../domain/ledger/elder-record';
import type { ElderForSpecial } from '../domain/ledger/elder-record';
import { classify } from '../domain/policy/classify';
import { respectHomeRefusal } from '../domain/special/home-refusal';
import type { Occasion } from '../domain/special/occasion';
import { effectFor, later } from '../domain/special/plan';
import { instantAt, localDateOf, toInstant, toMillis } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import type { LocalDate } from '../domain/time/local-date';
import type { ApplyStats, OccasionPartKey } from '../ports';
import { Assignees } from './assignees';
import { forEachLimit } from './concurrency';
import { wakeAt } from './deadlines';
import { applyToElder } from './occasion-elder';
import { applySuspension, inOccasionArea, occasionScopes } from './occasion-effects';
import { emptyPageNotices, queuePageNotices } from './occasion-notices';
import type { PageNotices } from './occasion-notices';
import { emptyOccasionReport } from './occasion-report';
import type { ApplyOccasionDeps, ApplyOccasionReport } from './occasion-report';
import { walkShard } from './shard-walk';
import type { ShardProgress } from './shard-walk';
import type { TimeBudget } from './time-budget';

/** Elders read per page of a part: a page's tasks, notices and counters are all written before the next is read. */
export const OCCASION_PAGE = 200;

/** When festival notices go out on the day their windows open. */
const MORNING = '09:00:00';

/** A page another invocation of the same part already recorded: that one carries the part on. */
class PageTaken extends Error {}

/**
 * One invocation's share of applying an occasion: one part (a county, township or village of its
 * areas, a Query on the byCounty index), page by page from where the part's stored progress
 * stands. For each page: the elders' extra tasks (conditional writes), the page's share of each
 * visitor's and each family's notice (merged, deterministic ids), then one conditional write that
 * moves the part's cursor and adds the page's counters together. A crash anywhere before that
 * write repeats the page, whose writes are all no-ops the second time and whose counters are
 * counted from what the store shows; after it, the page is never read again. The part that
 * finds every part finished records the revision applied with the counters summed.
 */
export async function applyOccasionPart(deps: ApplyOccasionDeps, key: OccasionPartKey, budget: TimeBudget): Promise<{ report: ApplyOccasionReport; progress: ShardProgress }> {
  const report = emptyOccasionReport(key.occasionId);
  const [occasion, plan, applied] = await Promise.all([deps.occasions.get(key.occasionId), deps.occasionParts.plan(key.occasionId, key.revision), deps.occasions.appliedRevision(key.occasionId)]);
  // Replaced by a newer revision (an update, a cancel) before this part finished: the newer one's parts apply it.
  if (!occasion || (occasion.revision ?? 1) !== key.revision || !plan) return { report, progress: { done: true } };
  report.status = occasion.status;
  report.parts = plan.parts;
  const { scopes } = occasionScopes(occasion, servedCounties(deps.runtime.config));
  const scope = scopes[key.part];
  if (!scope || scopes.length !== plan.parts) throw new Error(`${key.occasionId} revision ${key.revision} has ${plan.parts} parts, not a part ${key.part}`);
  const stored = await deps.occasionParts.progress(key);
  if (!stored?.done) {
    const now = plan.startedAt;
    const page = { occasion, now, today: localDateOf(now), firstApplication: applied === undefined, notBefore: noticesFrom(occasion, deps, now), assignees: new Assignees(deps), woken: new Set<Instant>() };
    let from: string | undefined;
    let next: string | undefined;
    try {
      const progress = await walkShard(
        budget,
        stored?.after,
        async (after) => {
          from = after;
          const read = await deps.elders.pageInArea(scope, deps.pageSize ?? OCCASION_PAGE, after);
          next = read.next;
          return read;
        },
        async (elders) => {
          const counted = await applyPage(deps, page, elders, originOf(key, from), report);
          if (!(await deps.occasionParts.advance(key, from, next, counted))) throw new PageTaken();
        },
      );
      if (!progress.done) return { report, progress };
    } catch (error) {
      if (error instanceof PageTaken) return { report, progress: { done: true } };
      throw error;
    }
  }
  const { finished, stats } = await deps.occasionParts.finish(key);
  if (finished === plan.parts) {
    await deps.occasions.completeApply(key.occasionId, key.revision, stats, toInstant(deps.clock.now()));
    report.completed = true;
  }
  return { report, progress: { done: true } };
}

interface PageContext {
  occasion: Occasion;
  now: Instant;
  today: LocalDate;
  firstApplication: boolean;
  notBefore: Instant;
  assignees: Assignees;
  /** Deadlines escalation was already woken at by this invocation. */
  woken: Set<Instant>;
}

/** Applies one page of elders; returns what it adds to the revision's counters. */
async function applyPage(deps: ApplyOccasionDeps, ctx: PageContext, elders: readonly ElderForSpecial[], origin: string, report: ApplyOccasionReport): Promise<ApplyStats> {
  const { occasion, now, today } = ctx;
  const { policy } = deps.runtime;
  // A cancelled alert is walked as if active, to find the tasks it asked for.
  const asActive: Occasion = { ...occasion, status: 'active' };
  const counted: ApplyStats = { elders: 0, tasksCreated: 0, tasksMerged: 0, tasksCancelled: 0, noticesQueued: 0 };
  const notices: PageNotices = emptyPageNotices();
  const dueTimes = new Set<Instant>();
  await forEachLimit(elders, deps.concurrency ?? 16, async (elder) => {
    if (!isServed(elder, today) || !inOccasionArea(occasion, elder.villageCode)) return;
    const c = classify(elder.profile, policy, today);
    if (!c.eligible) return;
    const effect = respectHomeRefusal(effectFor(asActive, c.tier, policy.specialPeriods, now), c.cadence, policy.homeVisitConsent);
    if (!effect || effect.tasks.length === 0) return;
    report.elders++;
    report.eldersByRule[effect.ruleId] = (report.eldersByRule[effect.ruleId] ?? 0) + 1;
    // Home visits suspended by an event's order (or given back by its cancel) on the routine tasks.
    report.routineSuspended += await applySuspension(deps.tasks, elder.elderId, occasion, effect.remoteRoutineMethods, now);
    const done = await applyToElder(deps, ctx.assignees, occasion, elder, c.tier, effect, ctx);
    report.tasksCreated += done.created;
    report.tasksMerged += done.merged;
    report.tasksExisting += done.existing;
    report.tasksTightened += done.tightenedTasks;
    report.tasksCancelled += done.cancelledNow;
    counted.tasksCancelled += done.cancelledNow + done.cancelledBefore;
    if (occasion.status === 'cancelled') return;
    counted.tasksCreated += done.created + done.carriedCreated;
    counted.tasksMerged += done.merged + done.carriedMerged;
    if (ctx.firstApplication ? done.reachedByThis : done.newlyReached) counted.elders++;
    const first = effect.tasks[0]!;
    if (effect.notifyVisitor && done.visitorId) {
      const due = effect.tasks.reduce((a, t) => (toMillis(t.dueAt) < toMillis(a) ? t.dueAt : a), first.dueAt);
      // An update that only made this elder's visit stricter: the visitor hears of it in the update's own notice.
      const into = done.tightened && !done.reachedByThis && occasion.kind === 'alert' ? notices.tightened : notices.visitors;
      into.set(done.visitorId, [...(into.get(done.visitorId) ?? []), { ref: `${elder.elderId}/${first.taskId}`, home: effect.tasks.some((t) => t.homeRequired), due }]);
    }
    for (const t of effect.tasks) dueTimes.add(t.dueAt);
    if (effect.notifyFamily) for (const p of elder.familyPhones) notices.families.set(p, [...(notices.families.get(p) ?? []), ...effect.tasks.map((t) => `${elder.elderId}#${t.taskId}`)]);
  });
  if (occasion.status === 'active') {
    const tally = await queuePageNotices(deps, occasion, ctx.notBefore, notices, origin);
    report.visitorNotices += tally.visitorNotices;
    report.familyNotices += tally.familyNotices;
    report.noticesExisting += tally.noticesExisting;
    report.noticeSegments += tally.noticeSegments;
    counted.noticesQueued += tally.counted;
  }
  for (const dueAt of dueTimes) {
    if (ctx.woken.has(dueAt)) continue;
    ctx.woken.add(dueAt);
    await wakeAt(deps.deadlines, 'escalate-overdue', dueAt, toInstant(deps.clock.now()));
  }
  return counted;
}

/** The page's name on the notices it creates: the revision, the part and where the page began. */
function originOf(key: OccasionPartKey, from: string | undefined): string {
  return `${key.revision}.${key.part}.${createHash('sha256')
    .update(from ?? '')
    .digest('hex')
    .slice(0, 16)}`;
}

/**
 * The earliest notices may go: at once, or for a festival (opened days ahead) on the morning its
 * first window opens, over every tier's rule so that every part of the application agrees.
 */
function noticesFrom(occasion: Occasion, deps: Pick<ApplyOccasionDeps, 'runtime'>, now: Instant): Instant {
  if (occasion.kind !== 'festival') return now;
  const { policy } = deps.runtime;
  const opens = policy.tiers.flatMap((tier) => effectFor(occasion, tier.id, policy.specialPeriods, now)?.tasks.map((t) => t.opensAt) ?? []);
  if (opens.length === 0) return now;
  const first = opens.reduce((a, b) => (toMillis(b) < toMillis(a) ? b : a));
  return later(now, instantAt(localDateOf(first), MORNING));
}

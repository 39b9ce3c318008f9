import { servedCounties } from '../config/region-config';
import { toInstant } from '../domain/time/instant';
import type { OccasionJobMessage } from '../ports';
import { occasionMessages } from './job-messages';
import { occasionScopes } from './occasion-effects';
import { applyOccasionPart } from './occasion-part';
import { addOccasionReport, emptyOccasionReport } from './occasion-report';
import type { ApplyOccasionDeps, ApplyOccasionReport } from './occasion-report';
import { unlimited } from './time-budget';

export type { ApplyOccasionDeps, ApplyOccasionReport } from './occasion-report';

/** What the planner of an occasion revision's application did. */
export interface OccasionPlan {
  occasionId: string;
  revision: number;
  status: 'active' | 'cancelled';
  /** One per area scope of the occasion (a county, township or village Query on the byCounty index). */
  parts: number;
  outsideAreas: string[];
  /** The first message of each part, for the job workers. */
  messages: OccasionJobMessage[];
  /** Nothing to walk (every area outside the deployment): recorded applied at once. */
  completed: boolean;
}

/**
 * Plans applying a weather warning, festival or declared event (特殊时间节点) each time its
 * occasion item is written: records the revision's plan once (when, over how many parts: a retried
 * planner finds the first one's), and names one part per area scope of the occasion. Parts are the
 * scopes because the byCounty index is keyed by county and area code: a scope is one Query, a
 * province-wide warning's ~180 counties already exceed the workers' concurrency (one per job
 * shard), and a large county is walked by hops of one part, each resuming from its stored cursor.
 */
export async function planOccasion(deps: Pick<ApplyOccasionDeps, 'occasions' | 'occasionParts' | 'clock' | 'runtime'>, occasionId: string): Promise<OccasionPlan | undefined> {
  const occasion = await deps.occasions.get(occasionId);
  if (!occasion) return undefined;
  const revision = occasion.revision ?? 1;
  const { scopes, outside } = occasionScopes(occasion, servedCounties(deps.runtime.config));
  const now = toInstant(deps.clock.now());
  const plan = await deps.occasionParts.start(occasionId, revision, { startedAt: now, parts: scopes.length });
  const base = { occasionId, revision, status: occasion.status, parts: plan.parts, outsideAreas: outside };
  if (plan.parts > 0) return { ...base, messages: occasionMessages(occasionId, revision, plan.parts, plan.startedAt), completed: false };
  await deps.occasions.completeApply(occasionId, revision, { elders: 0, tasksCreated: 0, tasksMerged: 0, tasksCancelled: 0, noticesQueued: 0 }, now);
  return { ...base, messages: [], completed: true };
}

/**
 * Applies an occasion's current revision in one process: the planner, then every part to its
 * end with no time limit (the CLI's `event`, the admin API's inline alerts, tests). In AWS the
 * parts fan out over the jobs queue (`workJob`) and the same code walks them: see
 * `applyOccasionPart` for how a part resumes after a crash and keeps its counters exact.
 *
 * For each served elder of the areas whose tier a rule covers: the extra tasks, created once
 * (another occasion's task on the same day gets this one added); one notice per visitor and per
 * family phone for the whole occasion, merged page by page; orange and red warnings are urgent
 * and ignore quiet hours, festival notices wait for the morning the first window opens. A
 * cancelled occasion instead cancels the open extra tasks only it asked for; its pending notices
 * are stopped by the sender, which checks the occasion before sending.
 */
export async function applyOccasion(deps: ApplyOccasionDeps, occasionId: string): Promise<ApplyOccasionReport> {
  const report = emptyOccasionReport(occasionId);
  const plan = await planOccasion(deps, occasionId);
  if (!plan) return report;
  report.status = plan.status;
  report.parts = plan.parts;
  report.outsideAreas = plan.outsideAreas;
  report.completed = plan.completed;
  for (const message of plan.messages) addOccasionReport(report, (await applyOccasionPart(deps, message, unlimited)).report);
  return report;
}

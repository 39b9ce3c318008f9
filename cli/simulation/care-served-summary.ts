import { overdueEntries } from '../../shared/app/overdue-reviews';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { servedCounties } from '../../shared/config/region-config';
import type { RegionRuntime } from '../../shared/config/region-config';
import { reviewCutoff } from '../../shared/domain/ledger/review';
import { parsePeriod } from '../../shared/domain/reports/period';
import { visitRates } from '../../shared/domain/reports/visit-rate';
import type { RateRow } from '../../shared/domain/reports/visit-rate';
import type { Task } from '../../shared/domain/task/task';
import type { Instant } from '../../shared/domain/time/instant';
import type { CareServed, CareServedDay } from './care-served';

/** What the run shows of consent to home visits, 待评估 and the ledger review (issue 12 items 1, 5, 8). */
export interface CareServedSummary {
  homeVisits: {
    /** Elders refusing home visits at the end (the elder or their carer). */
    refusingElders: number;
    /** Tasks made (or changed) under a refusal, and how they were completed. */
    tasks: number;
    /** Open tasks of refusing elders that only a home visit completes: none should be. */
    homeOnlyTasks: number;
    completedBy: Record<string, number>;
    refusalRecorded?: { elderId: string; on: string; tasksChanged: number } | undefined;
    refusalWithdrawn?: { elderId: string; on: string; tasksChanged: number; nextHomeTask?: string | undefined } | undefined;
    /** The month's visit rate split by consent (by=consent), for the first month the run saw to its end. */
    rateByConsent: RateRow[];
  };
  reviews: {
    reminders: { month: string; overdue: number; villages: number; queued: number }[];
    reviewsRecorded: number;
    overdueAtEnd: number;
    overdueVillagesAtEnd: number;
  };
}

export async function careServedSummary(days: readonly { date: string; care?: CareServedDay | undefined }[], care: CareServed, repos: Repositories, runtime: RegionRuntime, asOf: Instant): Promise<CareServedSummary> {
  const refusing = care.refusingElders;
  const ofRefusing: Task[] = [];
  for (const id of refusing) ofRefusing.push(...(await repos.tasks.forElder(id)));
  const tasks = ofRefusing.filter((t) => t.homeRefusal !== undefined);
  const completedBy: Record<string, number> = {};
  for (const t of tasks) {
    const method = t.outcome?.method;
    if (t.state === 'completed' && method) completedBy[method] = (completedBy[method] ?? 0) + 1;
  }
  const find = (f: (d: CareServedDay) => unknown) => days.find((d) => d.care && f(d.care));
  const recorded = find((c) => c.refusalRecorded);
  const withdrawn = find((c) => c.refusalWithdrawn);
  const restoredTask = withdrawn
    ? (await repos.tasks.forElder(withdrawn.care!.refusalWithdrawn!.elderId)).filter((t) => t.kind === 'routine' && t.start > withdrawn.date && t.homeRequired).sort((a, b) => a.start.localeCompare(b.start))[0]
    : undefined;
  const month = parsePeriod(days[0]?.date.slice(0, 7) ?? '2026-10');
  const rateTasks = month.ok ? (await Promise.all(servedCounties(runtime.config).map((c) => repos.tasks.inAreaMonth(c, month.period.id)))).flat() : [];
  const rateByConsent = month.ok ? visitRates(rateTasks, { area: runtime.config.deploymentArea, period: month.period, asOf, by: ['consent'] }).rows : [];
  const overdue = await overdueEntries(repos, servedCounties(runtime.config), reviewCutoff(asOf.slice(0, 10), runtime.policy.ledgerReview.intervalMonths));
  return {
    homeVisits: {
      refusingElders: refusing.length,
      tasks: tasks.length,
      homeOnlyTasks: ofRefusing.filter((t) => t.methods.every((m) => m === 'home') && t.state !== 'completed' && t.state !== 'cancelled').length,
      completedBy,
      ...(recorded ? { refusalRecorded: { elderId: recorded.care!.refusalRecorded!.elderId, on: recorded.date, tasksChanged: recorded.care!.refusalRecorded!.tasksChanged } } : {}),
      ...(withdrawn ? { refusalWithdrawn: { elderId: withdrawn.care!.refusalWithdrawn!.elderId, on: withdrawn.date, tasksChanged: withdrawn.care!.refusalWithdrawn!.tasksChanged, nextHomeTask: restoredTask?.taskId } } : {}),
      rateByConsent,
    },
    reviews: {
      reminders: days.flatMap((d) => (d.care?.reminders ? [{ month: d.care.reminders.month, overdue: d.care.reminders.overdue, villages: d.care.reminders.villages, queued: d.care.reminders.remindersQueued }] : [])),
      reviewsRecorded: days.reduce((a, d) => a + (d.care?.reviewsRecorded ?? 0), 0),
      overdueAtEnd: overdue.length,
      overdueVillagesAtEnd: new Set(overdue.map((e) => e.villageCode)).size,
    },
  };
}

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);

/** The summary's lines on consent, refusals and reviews. */
export function renderCareServed(c: CareServedSummary): string[] {
  const h = c.homeVisits;
  const lines = [
    '',
    `Home visits refused (入户探访要征得同意): ${h.refusingElders} elders at the end; ${h.tasks} tasks made callable for them (${h.homeOnlyTasks} open home-only tasks left), completed by ${
      Object.entries(h.completedBy)
        .map(([m, n]) => `${m} ${n}`)
        .join(', ') || 'none yet'
    }`,
  ];
  if (h.refusalRecorded) lines.push(`  ${h.refusalRecorded.on}: a carer refused home visits for ${h.refusalRecorded.elderId}: ${h.refusalRecorded.tasksChanged} open task(s) became callable at once`);
  if (h.refusalWithdrawn)
    lines.push(
      `  ${h.refusalWithdrawn.on}: ${h.refusalWithdrawn.elderId} agreed to home visits again: ${h.refusalWithdrawn.tasksChanged} task(s) of windows not yet open got their home visit back; the open window kept its task; next home visit ${h.refusalWithdrawn.nextHomeTask ?? '–'}`,
    );
  for (const row of h.rateByConsent) lines.push(`  ${row.period} visit rate, ${row.consent === 'home_refused' ? 'home visits refused' : 'home visits agreed'}: ${pct(row.rate)} (${row.visited}/${row.owed})`);
  const r = c.reviews;
  lines.push(
    `Ledger reviews (每半年动态更新一次): ${r.reminders.map((m) => `${m.month}: ${m.overdue} entries overdue in ${m.villages} villages, ${m.queued} reminders`).join('; ') || 'no reminder month'}; ${r.reviewsRecorded} reviews recorded by liaisons; ${r.overdueAtEnd} entries overdue at the end, in ${r.overdueVillagesAtEnd} villages`,
  );
  return lines;
}

import type { Principal } from '../domain/access/access';
import { groupOverdue } from '../domain/ledger/overdue-list';
import type { OverdueVillage } from '../domain/ledger/overdue-list';
import type { ReviewDueElder } from '../domain/ledger/review-due';
import { reviewCutoff } from '../domain/ledger/review';
import { localDateOf, toInstant } from '../domain/time/instant';
import type { Clock } from '../ports';
import { forEachLimit } from './concurrency';
import { resolveArea } from './report-scope';
import type { ReportScopeDeps } from './report-scope';

export interface OverdueReviews {
  area: string;
  asOf: string;
  intervalMonths: number;
  /** Entries last reviewed before this day are overdue. */
  reviewedBefore: string;
  total: number;
  /** Entries listed (every village's count is complete; the lists stop at the limit). */
  listed: number;
  villages: OverdueVillage[];
}

/** The overdue entries of an area, one Query per county on the `reviewDue` index (only overdue entries are read). */
export async function overdueEntries(deps: { elders: Pick<ReportScopeDeps['elders'], 'reviewDue'> }, parts: readonly string[], before: string): Promise<ReviewDueElder[]> {
  const out: ReviewDueElder[] = [];
  const counties = [...new Set(parts.map((p) => p.slice(0, 6)))];
  await forEachLimit(counties, 4, async (county) => {
    for await (const e of deps.elders.reviewDue(county, before)) if (parts.some((p) => e.villageCode.startsWith(p))) out.push(e);
  });
  return out;
}

/**
 * Elders of an area (deployment, county, township, village) whose ledger entry is overdue for
 * review, per village. The caller must supervise the area (403 otherwise; an unknown area 404).
 */
export async function overdueReviews(deps: ReportScopeDeps & { clock: Clock }, request: { principal: Principal; area: string; limit?: number | undefined }): Promise<OverdueReviews> {
  const scope = await resolveArea(deps, request.principal, request.area);
  const asOf = toInstant(deps.clock.now());
  const months = deps.runtime.policy.ledgerReview.intervalMonths;
  const before = reviewCutoff(localDateOf(asOf), months);
  const grouped = groupOverdue(await overdueEntries(deps, scope.parts, before), months, request.limit ?? 500);
  return { area: scope.area, asOf, intervalMonths: months, reviewedBefore: before, ...grouped };
}

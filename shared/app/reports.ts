import { canReadRates } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { ledgerStats } from '../domain/reports/ledger-stats';
import type { LedgerStats } from '../domain/reports/ledger-stats';
import { previousPeriodOf, subPeriods } from '../domain/reports/period';
import type { ReportPeriod } from '../domain/reports/period';
import { periodReport } from '../domain/reports/period-report';
import type { PeriodReport } from '../domain/reports/period-report';
import { visitRates } from '../domain/reports/visit-rate';
import type { RateDimension, RateReport } from '../domain/reports/visit-rate';
import { occasionTitle } from '../domain/special/occasion';
import type { StatsElder } from '../domain/reports/ledger-stats';
import { toInstant } from '../domain/time/instant';
import { ValidationError } from '../domain/validation';
import type { Clock, OccasionStore, PersonRepository } from '../ports';
import { forEachLimit } from './concurrency';
import { NotFoundError } from './errors';
import { reportPeriod, resolveArea, tasksOf } from './report-scope';
import type { AreaQueries, ReportScopeDeps } from './report-scope';
import { ForbiddenError } from './supervise';

export interface ReportDeps extends ReportScopeDeps {
  people: PersonRepository;
  occasions: OccasionStore;
  clock: Clock;
}

export interface VisitRateRequest {
  principal: Principal;
  period: string;
  /** An area (deployment, county, township, village) … */
  area?: string | undefined;
  /** … or one visitor (the windows they were responsible for when each closed). */
  visitorId?: string | undefined;
  by?: readonly RateDimension[] | undefined;
}

export interface VisitRateAnswer extends RateReport {
  area: string;
  visitorId?: string | undefined;
  period: string;
  asOf: string;
}

/** 探访率 of an area or a visitor for a month, an ISO week (weekly-rate regions) or a quarter. */
export async function visitRateReport(deps: ReportDeps, request: VisitRateRequest): Promise<VisitRateAnswer> {
  const period = reportPeriod(deps.runtime, request.period);
  const asOf = toInstant(deps.clock.now());
  if (request.visitorId !== undefined) {
    const visitor = await deps.people.get(request.visitorId);
    if (!visitor) throw new NotFoundError(`no person ${request.visitorId}`);
    // A visitor may read their own rate; anyone else must supervise the visitor's area.
    const decision = request.principal.personId === visitor.personId && request.principal.active ? { allowed: true as const } : canReadRates(request.principal, visitor.areaCode);
    if (!decision.allowed) throw new ForbiddenError(`${request.principal.personId} ${decision.reason}`);
    const tasks = (await Promise.all(period.months.map((m) => deps.tasks.closedForVisitor(visitor.personId, m)))).flat();
    const report = visitRates(tasks, { area: visitor.areaCode, period, asOf, by: request.by?.filter((d) => d !== 'visitor') });
    return { ...report, area: visitor.areaCode, visitorId: visitor.personId, period: period.id, asOf };
  }
  if (request.area === undefined) throw new ValidationError('report', [{ field: 'area', rule: 'name an area or a visitor' }]);
  const scope = await resolveArea(deps, request.principal, request.area);
  const tasks = await tasksOf(deps, scope, period.months);
  return { ...visitRates(tasks, { area: scope.area, period, asOf, by: request.by }), area: scope.area, period: period.id, asOf };
}

async function eldersOf(deps: ReportScopeDeps, scope: AreaQueries): Promise<StatsElder[]> {
  const out: StatsElder[] = [];
  await forEachLimit(scope.parts, 4, async (part) => {
    for await (const elder of deps.elders.inArea({ county: part.slice(0, 6), prefix: part })) out.push(elder);
  });
  return out;
}

/** Ledger statistics of an area at the end of a period. */
export async function ledgerReport(deps: ReportDeps, request: { principal: Principal; area: string; period: string }): Promise<LedgerStats> {
  const period = reportPeriod(deps.runtime, request.period);
  const scope = await resolveArea(deps, request.principal, request.area);
  return ledgerStats(await eldersOf(deps, scope), { area: scope.area, period, policy: deps.runtime.policy });
}

/** The trend a report shows: a quarter's months (or weeks); for a month, the two months before it too (or its weeks). */
function trendOf(kind: PeriodReport['kind'], period: ReportPeriod, rateKind: 'month' | 'week'): ReportPeriod[] {
  if (kind === 'quarterly' || rateKind === 'week') return subPeriods(period, rateKind);
  const before = previousPeriodOf(period);
  return [previousPeriodOf(before), before, period];
}

/** The monthly report (按月更新) or the quarterly dispatch report (按季调度) of a county or the deployment. */
export async function periodReportFor(deps: ReportDeps, request: { principal: Principal; area: string; period: string; kind: PeriodReport['kind'] }): Promise<PeriodReport> {
  const period = reportPeriod(deps.runtime, request.period);
  const expected = request.kind === 'monthly' ? 'month' : 'quarter';
  if (period.kind !== expected) throw new ValidationError('report', [{ field: 'period', rule: `a ${request.kind} report is for a ${expected === 'month' ? 'month YYYY-MM' : 'quarter YYYY-Qn'}` }]);
  const scope = await resolveArea(deps, request.principal, request.area);
  const trendPeriods = trendOf(request.kind, period, deps.runtime.policy.visitRatePeriod);
  const months = [...new Set([...trendPeriods.flatMap((p) => p.months), ...period.months])].sort();
  const [tasks, elders] = await Promise.all([tasksOf(deps, scope, months), eldersOf(deps, scope)]);
  const occasionIds = [...new Set(tasks.flatMap((t) => (t.kind === 'special' ? (t.occasions ?? []) : [])))];
  const titles = new Map<string, string>();
  for (const id of occasionIds) {
    const occasion = await deps.occasions.get(id);
    if (occasion) titles.set(id, occasionTitle(occasion));
  }
  return periodReport({
    kind: request.kind,
    area: scope.area,
    period,
    trendPeriods,
    asOf: toInstant(deps.clock.now()),
    tasks,
    ledger: ledgerStats(elders, { area: scope.area, period, policy: deps.runtime.policy }),
    occasionTitles: titles,
  });
}

import { canReadRates } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { areaLevel, isWithin } from '../domain/elder/area-code';
import { parsePeriod } from '../domain/reports/period';
import type { ReportPeriod } from '../domain/reports/period';
import type { TaskSummary } from '../domain/task/task';
import { ValidationError } from '../domain/validation';
import { servedCounties } from '../config/region-config';
import type { RegionRuntime } from '../config/region-config';
import type { ElderRepository, TaskRepository } from '../ports';
import { forEachLimit } from './concurrency';
import { NotFoundError } from './errors';
import { ForbiddenError } from './supervise';

export interface ReportScopeDeps {
  tasks: TaskRepository;
  elders: ElderRepository;
  runtime: RegionRuntime;
}

/** The Queries an area needs: one per served county (a city or province code), or one narrowed to a county, township or village. */
export interface AreaQueries {
  area: string;
  /** County, township or village codes, each read as one partition (or a prefix of one) per month. */
  parts: string[];
}

/**
 * Checks the caller may see an area, then that the area is known: a county the deployment serves
 * (or a city/province holding some), a township or village with an elder on the ledger. An area
 * the caller may not see is refused (403) before anything is looked up; an unknown one is a 404,
 * never a page of zeros.
 */
export async function resolveArea(deps: ReportScopeDeps, principal: Principal, area: string): Promise<AreaQueries> {
  const decision = canReadRates(principal, area);
  if (!decision.allowed) throw new ForbiddenError(`${principal.personId} ${decision.reason}`);
  const counties = servedCounties(deps.runtime.config);
  const level = areaLevel(area);
  if (level === 'province' || level === 'city') {
    const inside = counties.filter((c) => isWithin(c, area));
    if (inside.length === 0) throw new NotFoundError(`area ${area} holds no county this deployment serves`);
    return { area, parts: inside };
  }
  if (!counties.includes(area.slice(0, 6))) throw new NotFoundError(`area ${area} is not in a county this deployment serves`);
  if (level !== 'county') {
    const page = await deps.elders.pageInArea({ county: area.slice(0, 6), prefix: area }, 1);
    if (page.items.length === 0) throw new NotFoundError(`no elder is registered in area ${area}: unknown ${level}`);
  }
  return { area, parts: [area] };
}

/** Parses a period and checks the region measures rates by it (a week only where the policy's rate period is the week). */
export function reportPeriod(runtime: RegionRuntime, text: string, field = 'period'): ReportPeriod {
  const parsed = parsePeriod(text);
  if (!parsed.ok) throw new ValidationError('report', [{ field, rule: parsed.rule }]);
  if (parsed.period.kind === 'week' && runtime.policy.visitRatePeriod !== 'week') {
    throw new ValidationError('report', [{ field, rule: `${runtime.policy.id} measures its visit rate by the month (月探访率): ask for YYYY-MM or YYYY-Qn` }]);
  }
  return parsed.period;
}

/** Every task of the area whose window ends in the given months: per part, one Query per month, and its holders' open tasks once. */
export async function tasksOf(deps: ReportScopeDeps, scope: AreaQueries, months: readonly string[]): Promise<TaskSummary[]> {
  const out: TaskSummary[][] = [];
  await forEachLimit(scope.parts, 8, async (part) => {
    out.push(await deps.tasks.inAreaMonths(part, months));
  });
  return out.flat();
}

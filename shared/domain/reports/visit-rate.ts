import type { OutcomeResult } from '../task/outcome';
import type { TaskSummary } from '../task/task';
import { toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import { inPeriod } from './period';
import type { ReportPeriod } from './period';

/**
 * 探访率: of the routine windows that closed in a period, the share visited in time.
 *
 * The denominator is every routine window whose last day lies in the period and that had closed
 * by `asOf`, as fixed when it closed (the task's `outcome`): a window cancelled before it closed
 * (the elder moved, died, withdrew consent) is not owed; one that closed is owed for good, whatever
 * the ledger says later. A window closed but not yet marked by the escalation run is counted as
 * missed (only a visit in time fixes a window as visited, and it does so when it is recorded).
 * Windows still open are reported apart, so a month in progress is not flattered by early visits.
 */
export type RateTask = Pick<TaskSummary, 'elderId' | 'taskId' | 'kind' | 'tier' | 'state' | 'late' | 'end' | 'dueAt' | 'villageCode' | 'visitorId' | 'maskedName' | 'outcome'> & Partial<Pick<TaskSummary, 'homeRefusal'>>;

export type WindowStatus = { closed: false; visited: boolean } | { closed: true; owed: false } | { closed: true; owed: true; result: OutcomeResult };

/** Where one routine window stands on `asOf`. */
export function windowStatus(task: RateTask, asOf: Instant): WindowStatus {
  if (toMillis(task.dueAt) > toMillis(asOf)) return { closed: false, visited: task.outcome?.result === 'visited' || (task.state === 'completed' && !task.late) };
  if (task.outcome) return { closed: true, owed: true, result: task.outcome.result };
  if (task.state === 'cancelled') return { closed: true, owed: false };
  // Written before outcomes were recorded, or not yet reached by the escalation run.
  if (task.state === 'completed') return { closed: true, owed: true, result: task.late ? 'late' : 'visited' };
  return { closed: true, owed: true, result: 'missed' };
}

/** `consent` splits windows of elders who refused home visits (their tasks were calls or outdoor meetings) from the rest. */
export const RATE_DIMENSIONS = ['township', 'village', 'visitor', 'tier', 'consent'] as const;
export type RateDimension = (typeof RATE_DIMENSIONS)[number];

/** The `consent` value of a row: the window was owed while home visits were refused, or not. */
export type ConsentGroup = 'home_refused' | 'home_consented';
export const consentGroupOf = (task: Pick<RateTask, 'homeRefusal'>): ConsentGroup => (task.homeRefusal ? 'home_refused' : 'home_consented');

export interface RateRow {
  /** The area the row counts: the area asked for, or a township or village in it. */
  area: string;
  period: string;
  tier?: string | undefined;
  /** Rows by consent: windows owed while the elder refused home visits, or the others. */
  consent?: ConsentGroup | undefined;
  /** The visitor responsible when each window closed (rows by visitor); `-` for windows nobody was assigned. */
  visitorId?: string | undefined;
  owed: number;
  visited: number;
  /** visited ÷ owed, or null when no window has closed. */
  rate: number | null;
  /** The goal every seed sets: 100 % (月探访率 / 周探访率). */
  target: number;
  /** owed − visited: the windows short of the target, named below. */
  shortfall: number;
  missed: number;
  late: number;
  fake: number;
  stillOpen: number;
  visitedEarly: number;
  /** How the visited windows were visited (上门入户, 电话 …). */
  byMethod: Record<string, number>;
}

export interface Shortfall {
  elderId: string;
  taskId: string;
  maskedName: string;
  villageCode: string;
  tier: string;
  dueAt: Instant;
  result: Exclude<OutcomeResult, 'visited'>;
  visitorId?: string | undefined;
}

export interface RateReport {
  rows: RateRow[];
  total: RateRow;
  shortfalls: Shortfall[];
}

export const NO_VISITOR = '-';

function emptyRow(area: string, period: string): RateRow {
  return { area, period, owed: 0, visited: 0, rate: null, target: 1, shortfall: 0, missed: 0, late: 0, fake: 0, stillOpen: 0, visitedEarly: 0, byMethod: {} };
}

function add(row: RateRow, task: RateTask, status: WindowStatus): void {
  if (!status.closed) {
    row.stillOpen++;
    if (status.visited) row.visitedEarly++;
    return;
  }
  if (!status.owed) return;
  row.owed++;
  if (status.result === 'visited') {
    row.visited++;
    const method = task.outcome?.method ?? 'unknown';
    row.byMethod[method] = (row.byMethod[method] ?? 0) + 1;
  } else row[status.result]++;
}

function finish(row: RateRow): RateRow {
  row.rate = row.owed === 0 ? null : row.visited / row.owed;
  row.shortfall = row.owed - row.visited;
  return row;
}

const responsible = (t: RateTask) => t.outcome?.visitorId ?? t.visitorId ?? NO_VISITOR;

/**
 * Visit rates of an area over a period, grouped by township, village, visitor and/or tier, with
 * the total and every window short of the target. `tasks` may hold more than the period (the
 * index is read by month): only routine windows whose last day is in the period count.
 */
export function visitRates(tasks: readonly RateTask[], options: { area: string; period: Pick<ReportPeriod, 'id' | 'start' | 'end'>; asOf: Instant; by?: readonly RateDimension[] }): RateReport {
  const by = options.by ?? [];
  const groups = new Map<string, RateRow>();
  const total = emptyRow(options.area, options.period.id);
  const shortfalls: Shortfall[] = [];
  for (const task of tasks) {
    if (task.kind !== 'routine' || !inPeriod(task.end, options.period)) continue;
    const status = windowStatus(task, options.asOf);
    const area = by.includes('village') ? task.villageCode : by.includes('township') ? task.villageCode.slice(0, 9) : options.area;
    const tier = by.includes('tier') ? task.tier : undefined;
    const visitorId = by.includes('visitor') ? responsible(task) : undefined;
    const consent = by.includes('consent') ? consentGroupOf(task) : undefined;
    const key = `${area}|${tier ?? ''}|${visitorId ?? ''}|${consent ?? ''}`;
    const row = groups.get(key) ?? { ...emptyRow(area, options.period.id), ...(tier !== undefined ? { tier } : {}), ...(visitorId !== undefined ? { visitorId } : {}), ...(consent !== undefined ? { consent } : {}) };
    groups.set(key, row);
    add(row, task, status);
    add(total, task, status);
    if (status.closed && status.owed && status.result !== 'visited') {
      shortfalls.push({
        elderId: task.elderId,
        taskId: task.taskId,
        maskedName: task.maskedName,
        villageCode: task.villageCode,
        tier: task.tier,
        dueAt: task.dueAt,
        result: status.result,
        visitorId: task.outcome?.visitorId ?? task.visitorId,
      });
    }
  }
  const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => finish(r));
  shortfalls.sort((a, b) => a.villageCode.localeCompare(b.villageCode) || a.dueAt.localeCompare(b.dueAt) || a.elderId.localeCompare(b.elderId));
  return { rows, total: finish(total), shortfalls };
}

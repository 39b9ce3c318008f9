import type { TaskSummary } from '../task/task';
import { toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import type { LedgerStats } from './ledger-stats';
import { inPeriod } from './period';
import type { ReportPeriod } from './period';
import { visitRates } from './visit-rate';
import type { RateRow, Shortfall } from './visit-rate';

/**
 * The report a county or deployment hands upward (川民发〔2023〕116号 四(三): 相关数据按月更新，按季调度):
 * visit rates by township and tier with the trend, special periods and how fast their visits
 * were done, emergencies and follow-ups, escalations by level, flagged and confirmed fake visits,
 * and the ledger statistics. Pure: the caller reads the tasks and elders.
 */
export interface PeriodReport {
  kind: 'monthly' | 'quarterly';
  area: string;
  period: string;
  asOf: Instant;
  rates: { total: RateRow; byTownship: RateRow[]; byTier: RateRow[]; byTownshipAndTier: RateRow[] };
  /** The rate period by period: the months of a quarter (or weeks, where the rate is weekly), or the months leading to this one. */
  trend: RateRow[];
  shortfalls: Shortfall[];
  specialPeriods: SpecialPeriodRow[];
  followUps: { opened: number; emergencies: number; unansweredNeeds: number; done: number; doneInTime: number; stillOpen: number };
  /** Tasks by the highest escalation level they reached (1 = liaison …). */
  escalations: Record<string, number>;
  visits: { flagged: number; flaggedByKind: Record<string, number>; judgedFake: number };
  ledger: LedgerStats;
}

export interface SpecialPeriodRow {
  occasionId: string;
  title: string;
  tasks: number;
  done: number;
  doneInTime: number;
  /** Median hours from a task's opening to the visit. */
  medianHoursToDone: number | null;
}

export type ReportTask = TaskSummary;

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor((sorted.length - 1) / 2)]! * 10) / 10;
};

const hours = (from: Instant, to: Instant) => (toMillis(to) - toMillis(from)) / 3_600_000;

export interface PeriodReportInput {
  kind: PeriodReport['kind'];
  area: string;
  period: ReportPeriod;
  /** The periods of the trend (each counted on its own), this one last. */
  trendPeriods: readonly Pick<ReportPeriod, 'id' | 'start' | 'end'>[];
  asOf: Instant;
  /** Tasks of the area whose windows end in any month the period or its trend touches. */
  tasks: readonly ReportTask[];
  ledger: LedgerStats;
  /** Titles of the occasions (高温红色预警, 重阳节), by id. */
  occasionTitles: ReadonlyMap<string, string>;
}

export function periodReport(input: PeriodReportInput): PeriodReport {
  const { area, period, asOf } = input;
  const inside = input.tasks.filter((t) => inPeriod(t.end, period));
  const rates = (by: Parameters<typeof visitRates>[1]['by']) => visitRates(inside, { area, period, asOf, by });
  const all = rates([]);
  const trend = input.trendPeriods.map((p) => visitRates(input.tasks, { area, period: p, asOf }).total);

  const special = new Map<string, ReportTask[]>();
  for (const t of inside.filter((x) => x.kind === 'special')) for (const o of t.occasions ?? []) special.set(o, [...(special.get(o) ?? []), t]);
  const specialPeriods = [...special.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([occasionId, tasks]) => {
      const done = tasks.filter((t) => t.state === 'completed' && t.completedAt);
      return {
        occasionId,
        title: input.occasionTitles.get(occasionId) ?? occasionId,
        tasks: tasks.length,
        done: done.length,
        doneInTime: done.filter((t) => !t.late).length,
        medianHoursToDone: median(done.map((t) => hours(t.opensAt, t.completedAt!))),
      };
    });

  const followUps = inside.filter((t) => t.kind === 'follow_up');
  const escalations: Record<string, number> = {};
  const flaggedByKind: Record<string, number> = {};
  let flagged = 0;
  let judgedFake = 0;
  for (const t of inside) {
    const level = t.escalation?.level ?? 0;
    if (level > 0) escalations[level] = (escalations[level] ?? 0) + 1;
    if (t.visitFlags?.length) {
      flagged++;
      for (const f of t.visitFlags) flaggedByKind[f] = (flaggedByKind[f] ?? 0) + 1;
    }
    judgedFake += t.fakeVisits?.length ?? 0;
  }
  return {
    kind: input.kind,
    area,
    period: period.id,
    asOf,
    rates: { total: all.total, byTownship: rates(['township']).rows, byTier: rates(['tier']).rows, byTownshipAndTier: rates(['township', 'tier']).rows },
    trend,
    shortfalls: all.shortfalls,
    specialPeriods,
    followUps: {
      opened: followUps.length,
      emergencies: followUps.filter((t) => t.followUpCause === 'emergency').length,
      unansweredNeeds: followUps.filter((t) => t.followUpCause === 'unanswered_need').length,
      done: followUps.filter((t) => t.state === 'completed').length,
      doneInTime: followUps.filter((t) => t.state === 'completed' && !t.late).length,
      stillOpen: followUps.filter((t) => t.state === 'open' || t.state === 'assigned' || t.state === 'missed').length,
    },
    escalations,
    visits: { flagged, flaggedByKind, judgedFake },
    ledger: input.ledger,
  };
}

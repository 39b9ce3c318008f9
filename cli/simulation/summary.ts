import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import type { CapacityMeter } from '../../shared/adapters/dynamodb/client';
import { visitRates } from '../../shared/domain/reports/visit-rate';
import type { RateRow } from '../../shared/domain/reports/visit-rate';
import { parsePeriod } from '../../shared/domain/reports/period';
import type { TaskSummary } from '../../shared/domain/task/task';
import { toMillis } from '../../shared/domain/time/instant';
import type { Instant } from '../../shared/domain/time/instant';
import { addDays } from '../../shared/domain/time/local-date';
import type { LocalDate } from '../../shared/domain/time/local-date';
import type { DeliveryReport } from '../../shared/app/send-sms';
import type { DayProgress } from './run';
import { smsBack } from './summary-sms-back';
import type { SmsBackSummary } from './summary-sms-back';
import { summariseCare } from './care-summary';
import type { CareSummary } from './care-summary';
import { careServedSummary } from './care-served-summary';
import type { CareServedSummary } from './care-served-summary';
import type { CareServed } from './care-served';
import type { RegionRuntime } from '../../shared/config/region-config';
import { peopleSummary } from './people-summary';
import type { PeopleSummary } from './people-summary';

export interface SimulationSummary {
  region: string;
  seed: number;
  from: LocalDate;
  to: LocalDate;
  ledger: { elders: number; townships: number; villages: number; visitors: number; eldersWithoutVisitor: number };
  tasks: { total: number; byTierAndState: Record<string, Record<string, number>> };
  visits: { recorded: number; counted: number; notCounted: number; flagged: Record<string, number> };
  sms: {
    digestsQueued: number;
    sent: number;
    segmentsSent: number;
    /** Provider calls (a batch of family notices is one). */
    calls: number;
    undeliverable: number;
    failed: number;
    heldForBudget: number;
    cancelled: number;
    /** Kept back by the per-phone limits and sent later. */
    deferredPerPhone: number;
    maxDigestsPerVisitorPerDay: number;
    maxToOnePhonePerDay: number;
    /** What went, by registered template: how many SMS and how many segments. */
    byTemplate: Record<string, { count: number; segments: number }>;
    outboxFile: string;
  };
  /** Receipts, urgent SMS not delivered, replies. */
  smsBack: SmsBackSummary;
  escalation: {
    byLevel: Record<string, number>;
    repeats: number;
    acknowledged: number;
    reassigned: number;
    resolved: number;
    levelsSkipped: number;
    /** Median hours from the due time to a late completion. */
    medianHoursDueToLateCompletion: number | null;
    lateCompletions: number;
    stillEscalatedAtEnd: number;
  };
  emergencies: { visits: number; urgentSms: number; followUpsOpened: number };
  /** Weather warnings and festivals: extra tasks, notices and how fast the visits were done. */
  specialPeriods: {
    occasionId: string;
    elders: number;
    extraTasks: number;
    mergedIntoExistingTask: number;
    visitorNotices: number;
    familyNotices: number;
    completed: number;
    completedInWindow: number;
    /** Median hours from a task's opening to its completion. */
    medianHoursToDone: number | null;
  }[];
  visitRates: { township: string; townshipName: string; month: string; rate: RateRow }[];
  /** Needs and measures closing, follow-ups above their owner, smart-device alarms. */
  care: CareSummary;
  /** Consent to home visits (refusals, a refusal recorded and one withdrawn) and the ledger reviews (reminders, overdue). */
  careServed: CareServedSummary;
  /** Visitors away and elders who moved (issue 12): the leave with its cover, the move, and what followed. */
  people: PeopleSummary;
  dynamodb: { readUnits: number; writeUnits: number };
}

export interface SummaryInputs {
  region: string;
  seed: number;
  from: LocalDate;
  days: DayProgress[];
  repos: Repositories;
  meter: CapacityMeter;
  asOf: Instant;
  townships: Map<string, string>;
  villages: number;
  elders: number;
  visitors: number;
  outboxFile: string;
  receiptsFile: string;
  /** As counted at the sender: the most digests, and the most SMS of any kind, one phone got in a day. */
  maxDigestsPerRecipientPerDay: number;
  maxSmsPerRecipientPerDay: number;
  care: CareServed;
  runtime: RegionRuntime;
}

export async function summarise(inputs: SummaryInputs): Promise<SimulationSummary> {
  const last = inputs.days[inputs.days.length - 1];
  const to = last?.date ?? inputs.from;
  const months = monthsBetween(inputs.from, addDays(to, 31));
  const all: (TaskSummary & { township: string; month: string })[] = [];
  for (const township of inputs.townships.keys()) {
    for (const month of months) {
      for (const t of await inputs.repos.tasks.inAreaMonth(township, month)) all.push({ ...t, township, month });
    }
  }
  const byTierAndState: Record<string, Record<string, number>> = {};
  for (const t of all) {
    const row = (byTierAndState[t.tier] ??= {});
    row[t.state] = (row[t.state] ?? 0) + 1;
  }
  // The visit rate measures the cadence (月探访率): routine windows only; follow-ups and
  // special-period visits are reported on their own.
  const visitRates = [...inputs.townships].flatMap(([township, townshipName]) =>
    months
      .filter((m) => m <= to.slice(0, 7))
      .map((month) => ({
        township,
        townshipName,
        month,
        rate: monthRate(
          all.filter((t) => t.township === township && t.month === month),
          township,
          month,
          inputs.asOf,
        ),
      })),
  );
  const sum = (f: (d: DayProgress) => number) => inputs.days.reduce((acc, d) => acc + f(d), 0);
  const escalations = inputs.days.flatMap((d) => d.escalations);
  const byLevel: Record<string, number> = {};
  for (const e of escalations) for (const [level, n] of Object.entries(e.escalatedByLevel)) byLevel[level] = (byLevel[level] ?? 0) + n;
  const lateHours = all
    .filter((t) => t.state === 'completed' && t.late && t.completedAt)
    .map((t) => (toMillis(t.completedAt!) - toMillis(t.dueAt)) / 3_600_000)
    .sort((a, b) => a - b);
  const followUps = inputs.days.flatMap((d) => d.followUps);
  const deliveries = inputs.days.flatMap((d) => d.delivery);
  const withoutVisitor = new Set(inputs.days.flatMap((d) => d.generation.eldersWithoutVisitor));
  return {
    region: inputs.region,
    seed: inputs.seed,
    from: inputs.from,
    to,
    ledger: { elders: inputs.elders, townships: inputs.townships.size, villages: inputs.villages, visitors: inputs.visitors, eldersWithoutVisitor: withoutVisitor.size },
    tasks: { total: all.length, byTierAndState },
    visits: {
      recorded: sum((d) => d.visitsRecorded),
      counted: sum((d) => d.visitsCounted),
      notCounted: sum((d) => d.visitsRecorded - d.visitsCounted),
      flagged: inputs.days.reduce<Record<string, number>>((acc, d) => {
        for (const [k, n] of Object.entries(d.visitFlags)) acc[k] = (acc[k] ?? 0) + n;
        return acc;
      }, {}),
    },
    sms: {
      digestsQueued: sum((d) => d.generation.digestsQueued),
      sent: deliveries.reduce((a, d) => a + d.sent, 0),
      segmentsSent: deliveries.reduce((a, d) => a + d.segmentsSent, 0),
      undeliverable: sum((d) => d.generation.digestsUndeliverable),
      failed: deliveries.reduce((a, d) => a + d.failed, 0),
      heldForBudget: deliveries.reduce((a, d) => a + d.heldForBudget, 0),
      cancelled: deliveries.reduce((a, d) => a + d.cancelled, 0),
      calls: deliveries.reduce((a, d) => a + d.calls, 0),
      deferredPerPhone: deliveries.reduce((a, d) => a + d.deferredPerPhone, 0),
      byTemplate: byTemplate(deliveries),
      maxDigestsPerVisitorPerDay: inputs.maxDigestsPerRecipientPerDay,
      maxToOnePhonePerDay: inputs.maxSmsPerRecipientPerDay,
      outboxFile: inputs.outboxFile,
    },
    smsBack: smsBack(inputs.days, deliveries, inputs.receiptsFile),
    escalation: {
      byLevel,
      repeats: escalations.reduce((a, e) => a + e.repeats, 0),
      acknowledged: sum((d) => d.supervision.acknowledged),
      reassigned: sum((d) => d.supervision.reassigned),
      resolved: sum((d) => d.supervision.resolved),
      levelsSkipped: escalations.reduce((a, e) => a + e.levelsSkipped.length, 0),
      medianHoursDueToLateCompletion: lateHours.length === 0 ? null : round(lateHours[Math.floor((lateHours.length - 1) / 2)]!),
      lateCompletions: lateHours.length,
      stillEscalatedAtEnd: all.filter((t) => ['open', 'assigned', 'missed'].includes(t.state) && (t.escalation?.level ?? 0) >= 1).length,
    },
    emergencies: {
      visits: followUps.filter((f) => f.emergency.length > 0).length,
      urgentSms: followUps.reduce((a, f) => a + f.urgentSms, 0),
      followUpsOpened: followUps.length,
    },
    specialPeriods: inputs.days
      .flatMap((d) => d.occasions)
      .filter((o) => o.tasksCreated + o.tasksMerged > 0)
      .map((o) => {
        const tasks = all.filter((t) => t.kind === 'special' && t.occasions?.includes(o.occasionId));
        const done = tasks.filter((t) => t.state === 'completed' && t.completedAt);
        const hours = done.map((t) => (toMillis(t.completedAt!) - toMillis(t.opensAt)) / 3_600_000).sort((a, b) => a - b);
        return {
          occasionId: o.occasionId,
          elders: o.elders,
          extraTasks: o.tasksCreated,
          mergedIntoExistingTask: o.tasksMerged,
          visitorNotices: o.visitorNotices,
          familyNotices: o.familyNotices,
          completed: done.length,
          completedInWindow: done.filter((t) => !t.late).length,
          medianHoursToDone: hours.length === 0 ? null : round(hours[Math.floor((hours.length - 1) / 2)]!),
        };
      }),
    visitRates,
    care: await summariseCare(inputs.days, all, inputs.repos, inputs.townships.keys()),
    careServed: await careServedSummary(inputs.days, inputs.care, inputs.repos, inputs.runtime, inputs.asOf),
    people: peopleSummary(inputs.days, all),
    dynamodb: { readUnits: round(inputs.meter.readUnits), writeUnits: round(inputs.meter.writeUnits) },
  };
}

function monthRate(tasks: TaskSummary[], township: string, month: string, asOf: Instant): RateRow {
  const period = parsePeriod(month);
  if (!period.ok) throw new Error(period.rule);
  return visitRates(tasks, { area: township, period: period.period, asOf }).total;
}

function byTemplate(deliveries: readonly DeliveryReport[]): Record<string, { count: number; segments: number }> {
  const out: Record<string, { count: number; segments: number }> = {};
  for (const d of deliveries) {
    for (const [template, row] of Object.entries(d.sentByTemplate)) {
      const total = (out[template] ??= { count: 0, segments: 0 });
      total.count += row.count;
      total.segments += row.segments;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function monthsBetween(from: LocalDate, to: LocalDate): string[] {
  const months: string[] = [];
  for (let d = `${from.slice(0, 7)}-01`; d <= to; d = addDays(d, 32).slice(0, 7) + '-01') months.push(d.slice(0, 7));
  return months;
}

const round = (n: number) => Math.round(n * 10) / 10;

import type { VisitRateAnswer } from '../../app/reports';
import type { LedgerStats } from '../../domain/reports/ledger-stats';
import type { PeriodReport } from '../../domain/reports/period-report';
import type { RateRow } from '../../domain/reports/visit-rate';
import { ratesChart, trendChart } from './charts';
import { ledgerTable, periodTables, rateTable, shortfallTable } from './tables';
import type { WorkbookSpec } from './xlsx';

/** What the denominator is, printed on every report so nobody has to guess. */
export const DENOMINATOR_NOTE =
  '探访率 = 按期探访的周期数 ÷ 本期截止的常规探访周期数。分母为最后一天落在本期、且已截止的常规探访周期，截止时即固定：截止前因迁出、死亡、撤回同意等取消的周期不计入；截止后台账再变动不改变已截止周期的结果。逾期探访、经抽查或复核认定虚假的探访不计为已探访。目标 100%。';

const pct = (r: RateRow) => (r.rate === null ? '–' : `${(r.rate * 100).toFixed(1)}%`);
const label = (r: RateRow) => [r.area, r.tier, r.visitorId].filter(Boolean).join(' ');

export function visitRateSpec(answer: VisitRateAnswer): WorkbookSpec {
  const subject = answer.visitorId ? `探访人员 ${answer.visitorId}` : `区域 ${answer.area}`;
  const rows = answer.rows.length > 0 ? answer.rows : [answer.total];
  return {
    title: `探访率 ${subject} ${answer.period}`,
    notes: [
      `${subject}　周期 ${answer.period}　统计时间 ${answer.asOf}`,
      `合计：应探访 ${answer.total.owed} 次，按期探访 ${answer.total.visited} 次，探访率 ${pct(answer.total)}，差额 ${answer.total.shortfall} 次（未探访 ${answer.total.missed}，逾期 ${answer.total.late}，虚假 ${answer.total.fake}）`,
      DENOMINATOR_NOTE,
    ],
    tables: [rateTable('探访率', [...answer.rows, { ...answer.total, area: answer.area, tier: answer.rows.some((r) => r.tier) ? '合计' : undefined }]), shortfallTable(answer.shortfalls)],
    charts: [{ option: ratesChart(`探访率 ${answer.period}`, rows, label) }],
  };
}

export function ledgerSpec(stats: LedgerStats): WorkbookSpec {
  return {
    title: `台账统计 区域 ${stats.area} ${stats.period}`,
    notes: [
      `在册 ${stats.total} 人，应探访 ${stats.served} 人；本期新增 ${stats.joined}、退出 ${stats.left}；未分配探访人员 ${stats.withoutVisitor.length}；超过半年未更新 ${stats.overdueForReview.length}；待评估 ${stats.needsAssessment.length}；不同意入户 ${stats.homeVisitsRefused.length}`,
    ],
    tables: [
      ledgerTable(stats),
      { name: '未分配探访人员', headers: ['档案编号'], rows: stats.withoutVisitor.map((e) => [e]), percent: [] },
      { name: '超过半年未更新', headers: ['档案编号'], rows: stats.overdueForReview.map((e) => [e]), percent: [] },
      { name: '待评估', headers: ['档案编号'], rows: stats.needsAssessment.map((e) => [e]), percent: [] },
    ],
    charts: [],
  };
}

export function periodSpec(report: PeriodReport): WorkbookSpec {
  const name = report.kind === 'monthly' ? '月度报告（按月更新）' : '季度调度报告（按季调度）';
  const t = report.rates.total;
  return {
    title: `特殊困难老年人探访关爱${name} 区域 ${report.area} ${report.period}`,
    notes: [
      `区域 ${report.area}　周期 ${report.period}　统计时间 ${report.asOf}`,
      `探访率 ${pct(t)}（应探访 ${t.owed}，按期探访 ${t.visited}，差额 ${t.shortfall}：未探访 ${t.missed}，逾期 ${t.late}，虚假 ${t.fake}）；目标 100%`,
      `在册对象 ${report.ledger.total} 人，应探访 ${report.ledger.served} 人；跟踪回访 ${report.followUps.opened} 件（应急 ${report.followUps.emergencies}）；异常标记探访 ${report.visits.flagged} 次，认定虚假 ${report.visits.judgedFake} 次`,
      DENOMINATOR_NOTE,
    ],
    tables: periodTables(report),
    charts: [{ option: ratesChart(`各乡镇探访率 ${report.period}`, report.rates.byTownship, (r) => r.area) }, { option: trendChart('探访率趋势', report.trend) }],
  };
}

import type { LedgerStats } from '../../domain/reports/ledger-stats';
import type { PeriodReport } from '../../domain/reports/period-report';
import type { RateRow, Shortfall } from '../../domain/reports/visit-rate';
import { ABILITY_ROW_NAMES, CATEGORY_ROW_NAMES, FLAG_ROW_NAMES, LEVEL_NAMES, RATE_COLUMNS, SHORTFALL_NAMES, STATUS_ROW_NAMES } from './labels';

/**
 * A report as named tables of Chinese-headed rows: one sheet each in the XLSX, one section each
 * in the HTML page. Percent columns hold fractions (0.95), shown as 95.0 %.
 */
export interface ReportTable {
  name: string;
  headers: string[];
  rows: (string | number | null)[][];
  /** Indexes of columns that are shares (formatted as percentages). */
  percent: number[];
}

export function rateTable(name: string, rows: readonly RateRow[]): ReportTable {
  return { name, headers: RATE_COLUMNS.map((c) => c.header), rows: rows.map((r) => RATE_COLUMNS.map((c) => c.value(r))), percent: RATE_COLUMNS.flatMap((c, i) => (c.percent ? [i] : [])) };
}

export function shortfallTable(shortfalls: readonly Shortfall[]): ReportTable {
  return {
    name: '未达标明细',
    headers: ['档案编号', '姓名', '村(社区)代码', '对象分级', '探访周期', '截止时间', '情况', '责任探访人员'],
    rows: shortfalls.map((s) => [s.elderId, s.maskedName, s.villageCode, s.tier, s.taskId, s.dueAt, SHORTFALL_NAMES[s.result], s.visitorId ?? '未分配']),
    percent: [],
  };
}

const counts = (record: Record<string, number>, names: Record<string, string>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => [names[k] ?? k, n] as (string | number)[]);

export function ledgerTable(stats: LedgerStats): ReportTable {
  const rows: (string | number)[][] = [
    ['合计', '在册对象总数', stats.total],
    ['合计', '应探访对象（在册且同意探访）', stats.served],
    ['变动', '本期新增', stats.joined],
    ['变动', '本期退出（迁出、住院、死亡、撤回同意）', stats.left],
    ['管理', '未分配探访人员', stats.withoutVisitor.length],
    ['管理', '超过半年未更新（半年动态更新）', stats.overdueForReview.length],
    ['管理', '失能未评估（待评估）', stats.needsAssessment.length],
    ['管理', '不同意入户探访', stats.homeVisitsRefused.length],
    ...counts(stats.byCategory, CATEGORY_ROW_NAMES).map(([k, n]) => ['对象类型', k!, n!]),
    ...counts(stats.byTier, {}).map(([k, n]) => ['对象分级', k!, n!]),
    ...counts(stats.byAbility, ABILITY_ROW_NAMES).map(([k, n]) => ['能力程度', k!, n!]),
    ...counts(stats.byStatus, STATUS_ROW_NAMES).map(([k, n]) => ['在册状态', k!, n!]),
  ];
  return { name: '台账统计', headers: ['类别', '项目', '人数'], rows, percent: [] };
}

/** Every table of a monthly or quarterly report, in the order the sheets appear. */
export function periodTables(report: PeriodReport): ReportTable[] {
  return [
    rateTable('探访率-合计', [report.rates.total]),
    rateTable('探访率-乡镇', report.rates.byTownship),
    rateTable('探访率-分级', report.rates.byTier),
    rateTable('探访率-乡镇分级', report.rates.byTownshipAndTier),
    rateTable('探访率-趋势', report.trend),
    shortfallTable(report.shortfalls),
    {
      name: '特殊时间节点',
      headers: ['节点', '编号', '任务数', '已完成', '按时完成', '完成用时中位数(小时)'],
      rows: report.specialPeriods.map((s) => [s.title, s.occasionId, s.tasks, s.done, s.doneInTime, s.medianHoursToDone]),
      percent: [],
    },
    {
      name: '应急与跟踪回访',
      headers: ['跟踪回访', '其中应急处置', '其中需求未落实', '已完成', '按时完成', '未完成'],
      rows: [[report.followUps.opened, report.followUps.emergencies, report.followUps.unansweredNeeds, report.followUps.done, report.followUps.doneInTime, report.followUps.stillOpen]],
      percent: [],
    },
    {
      name: '逾期上报',
      headers: ['最高上报级别', '任务数'],
      rows: Object.entries(report.escalations)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([l, n]) => [LEVEL_NAMES[l] ?? l, n]),
      percent: [],
    },
    {
      name: '虚假探访核查',
      headers: ['项目', '次数'],
      rows: [['有异常标记的探访', report.visits.flagged], ['经抽查或复核认定虚假', report.visits.judgedFake], ...counts(report.visits.flaggedByKind, FLAG_ROW_NAMES).map(([k, n]) => [`标记:${k}`, n!])],
      percent: [],
    },
    ledgerTable(report.ledger),
  ];
}

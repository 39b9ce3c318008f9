import type { RateRow } from '../../domain/reports/visit-rate';
import { ABILITY_NAMES_ZH, CATEGORY_NAMES_ZH } from '../../domain/elder/categories';
import { VISIT_METHOD_NAMES_ZH } from '../../domain/policy/methods';
import type { VisitMethod } from '../../domain/policy/methods';

/** Chinese column headers of the rate tables, in order, with how each cell is read from a row. */
export const RATE_COLUMNS: { header: string; key: string; value: (r: RateRow) => string | number | null; percent?: boolean }[] = [
  { header: '区域代码', key: 'area', value: (r) => r.area },
  { header: '周期', key: 'period', value: (r) => r.period },
  { header: '对象分级', key: 'tier', value: (r) => r.tier ?? '' },
  { header: '探访人员', key: 'visitorId', value: (r) => r.visitorId ?? '' },
  { header: '应探访(次)', key: 'owed', value: (r) => r.owed },
  { header: '按期探访(次)', key: 'visited', value: (r) => r.visited },
  { header: '探访率', key: 'rate', value: (r) => r.rate, percent: true },
  { header: '目标', key: 'target', value: (r) => r.target, percent: true },
  { header: '差额(次)', key: 'shortfall', value: (r) => r.shortfall },
  { header: '未探访', key: 'missed', value: (r) => r.missed },
  { header: '逾期探访', key: 'late', value: (r) => r.late },
  { header: '虚假探访', key: 'fake', value: (r) => r.fake },
  { header: '尚未截止', key: 'stillOpen', value: (r) => r.stillOpen },
  { header: '其中已探访', key: 'visitedEarly', value: (r) => r.visitedEarly },
  ...(Object.keys(VISIT_METHOD_NAMES_ZH) as VisitMethod[]).map((m) => ({ header: `方式:${VISIT_METHOD_NAMES_ZH[m]}`, key: `method_${m}`, value: (r: RateRow) => r.byMethod[m] ?? 0 })),
  // Rows split by consent (by=consent): windows of elders who refused home visits, apart.
  { header: '入户意愿', key: 'consent', value: (r) => (r.consent === 'home_refused' ? '不同意入户' : r.consent === 'home_consented' ? '同意入户' : '') },
];

export const SHORTFALL_NAMES = { missed: '未探访', late: '逾期探访', fake: '虚假探访' } as const;
export const CATEGORY_ROW_NAMES: Record<string, string> = CATEGORY_NAMES_ZH;
export const ABILITY_ROW_NAMES: Record<string, string> = { ...ABILITY_NAMES_ZH, not_assessed: '未评估' };
export const STATUS_ROW_NAMES: Record<string, string> = { active: '在册', moved: '迁出', hospitalised: '住院', deceased: '死亡', consent_withdrawn: '撤回同意' };
export const FLAG_ROW_NAMES: Record<string, string> = { far_from_home: '签到位置离家过远', too_short: '入户时间过短', outside_window: '不在探访周期内', bulk_entry: '集中补录', copied_record: '记录与上次雷同' };
export const LEVEL_NAMES: Record<string, string> = { '1': '第1级', '2': '第2级', '3': '第3级', '4': '第4级' };

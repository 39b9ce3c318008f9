/** 探访方式: how a visit was made. `on_the_way` is Jining's 路遇探访 (met on the way). */
export const VISIT_METHODS = ['home', 'phone', 'video', 'remote_monitoring', 'on_the_way', 'other'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];

export const VISIT_METHOD_NAMES_ZH: Record<VisitMethod, string> = {
  home: '上门入户',
  phone: '电话',
  video: '互联网音视频',
  remote_monitoring: '远程监测',
  on_the_way: '路遇',
  other: '其他',
};

/** Cadence periods in the Asia/Shanghai calendar. `half_month` is days 1–15 and 16–end. */
export const PERIODS = ['week', 'half_month', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export const PERIOD_NAMES: Record<Period, string> = {
  week: 'week (Monday–Sunday) 每周',
  half_month: 'half month (days 1–15, 16–end) 每半月',
  month: 'month 每月',
};

/** The shortest a period can be, which bounds how many visits fit in it (one per day at most). */
export const MIN_PERIOD_DAYS: Record<Period, number> = { week: 7, half_month: 13, month: 28 };

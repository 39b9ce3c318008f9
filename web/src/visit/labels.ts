/** Chinese words of the visit record (探访关爱服务记录表), as the Sichuan and Shishi forms print them. */
export const METHOD_NAMES: Record<string, string> = { home: '上门入户', phone: '电话', video: '互联网音视频', remote_monitoring: '远程监测', on_the_way: '路遇', other: '其他' };
export const CHANGE = [
  { value: 'no_change', text: '无变化' },
  { value: 'better', text: '较好' },
  { value: 'worse', text: '较差' },
] as const;
export const SAFETY = [
  { value: 'safe', text: '安全' },
  { value: 'fairly_safe', text: '较安全' },
  { value: 'unsafe', text: '不安全' },
] as const;
export const ILLNESS = [
  { value: 'no_change', text: '无变化' },
  { value: 'serious', text: '严重' },
  { value: 'better', text: '转好' },
] as const;
export const SATISFACTION = [
  { value: 'very_satisfied', text: '非常满意' },
  { value: 'satisfied', text: '满意' },
  { value: 'neutral', text: '一般' },
  { value: 'dissatisfied', text: '不满意' },
  { value: 'not_given', text: '未评价' },
] as const;
export const FLAG_NAMES: Record<string, string> = {
  far_from_home: '打卡位置离老人住址超过500米',
  too_short: '入户时间不足10分钟',
  outside_window: '不在探访时段内',
  bulk_entry: '短时间内连续录入多户',
  copied_record: '记录内容与上次雷同',
};
export const TASK_KIND_NAMES: Record<string, string> = { routine: '常规探访', follow_up: '跟踪回访', special: '特殊时段探访' };

import type { SmsTemplate } from '../template';
import { count, date, elder, village } from './variables';

/**
 * Messages when the people change (issue 12): a visitor away with a colleague covering, all of
 * a visitor's tasks handed to another, an elder who moved to another village, and tasks left
 * with nobody. Each says how many and where to look; the list itself is in the app.
 */

export const leaveCover: SmsTemplate = {
  id: 'leave_cover',
  kind: 'reassignment',
  audience: 'staff',
  name: '探访代班通知',
  purpose: '探访人员请假时，告知代班的探访人员代班起止日期和已转给其的探访任务数，名单在探访系统中查看',
  text: '代班通知：${from}至${to}期间，由您代为探访一位请假同事负责的老人，已有${count}项探访任务转给您。请登录探访系统查看，按时探访并如实记录。',
  variables: [date('from', '代班开始日期'), date('to', '代班结束日期'), count('count', '转给代班人员的任务数')],
  sample: { from: '2026-11-10', to: '2026-11-20', count: 8 },
};

export const tasksHandover: SmsTemplate = {
  id: 'tasks_handover',
  kind: 'reassignment',
  audience: 'staff',
  name: '探访任务整体改派通知',
  purpose: '督导人员把一位探访人员的全部未完成探访任务一次改派给另一位探访人员时，告知新的探访人员任务数和最早截止日期',
  text: '改派通知：督导人员将另一位探访人员的${count}项探访任务改由您负责，最早一项须在${firstDue}前完成。请登录探访系统查看，按时探访并如实记录。',
  variables: [count('count', '改派的任务数'), date('firstDue', '最早截止日期')],
  sample: { count: 14, firstDue: '2026-11-25' },
};

export const elderMoved: SmsTemplate = {
  id: 'elder_moved',
  kind: 'reassignment',
  audience: 'staff',
  name: '老人迁居任务通知',
  purpose: '特殊困难老人迁居到本区域另一村（社区）时，告知新村（社区）的探访人员其未完成的探访任务已转给本人',
  text: '迁居通知：老人${elder}已迁居至${village}，其${count}项未完成的探访任务改由您负责。请登录探访系统查看，按时探访并如实记录。',
  variables: [elder, village, count('count', '转来的任务数')],
  sample: { elder: '张*华', village: '天鹅村', count: 1 },
};

export const unassignedTasks: SmsTemplate = {
  id: 'unassigned_tasks',
  kind: 'reassignment',
  audience: 'staff',
  name: '探访任务无人负责提醒',
  purpose: '老人的探访人员已停用或请假且无人代班时，提醒村（社区）联络员为新增的探访任务指定探访人员',
  text: '无人负责提醒：您负责区域新增${count}项探访任务，因探访人员停用或请假无人代班而无人负责，最早一项须在${firstDue}前完成。请登录探访系统改派。',
  variables: [count('count', '无人负责的任务数'), date('firstDue', '最早截止日期')],
  sample: { count: 3, firstDue: '2026-11-18' },
};

export const PEOPLE_TEMPLATES: readonly SmsTemplate[] = [leaveCover, tasksHandover, elderMoved, unassignedTasks];

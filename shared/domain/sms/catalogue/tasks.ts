import type { SmsTemplate } from '../template';
import { count, date, elder, method, village } from './variables';

/**
 * Messages about routine work: what a visitor must do, what a supervisor must chase. A digest
 * says how many tasks, the earliest date and where to see them, never a list of names (the
 * list is in the app; a list in an SMS could not be registered and would leak more than needed).
 */

export const assignmentDigest: SmsTemplate = {
  id: 'assignment_digest',
  kind: 'assignment_digest',
  name: '探访任务通知',
  purpose: '民政部门每天一次告知探访人员（网格员、社工、志愿者等）新增的特殊困难老年人探访任务数量和最早截止日期，名单在探访系统中查看',
  text: '新增探访任务${count}项，其中${home}项需上门入户，最早一项须在${firstDue}前完成。请登录探访系统查看任务，按时探访并如实记录。',
  variables: [count('count', '新增任务数'), count('home', '其中需上门入户的任务数'), date('firstDue', '最早截止日期')],
  audience: 'staff',
  sample: { count: 12, home: 3, firstDue: '2026-11-16' },
};

export const escalationDigest: SmsTemplate = {
  id: 'escalation_digest',
  kind: 'escalation',
  name: '探访逾期提醒',
  purpose: '探访任务逾期未完成时，按督导链条（村联络员、镇指导员、县督导员）每天上午、下午各提醒一次负责人督促落实',
  text: '探访逾期提醒：您负责区域有${count}项探访逾期未完成，最早一项${since}到期。请登录探访系统督促落实，或确认、改派、办结。',
  variables: [count('count', '逾期任务数'), date('since', '最早一项的到期日期')],
  audience: 'staff',
  sample: { count: 5, since: '2026-11-15' },
};

export const reassignment: SmsTemplate = {
  id: 'reassignment',
  kind: 'reassignment',
  name: '探访任务改派通知',
  purpose: '督导人员把一项探访任务改派给另一位探访人员时，告知新的探访人员对象、所在村（社区）和截止日期',
  text: '改派通知：一项探访任务改由您负责，对象${elder}，住${village}，请于${dueDate}前${method}探访，并在探访系统中记录。',
  variables: [elder, village, date('dueDate', '截止日期'), method],
  audience: 'staff',
  sample: { elder: '张*华', village: '天鹅村', dueDate: '2026-11-30', method: '上门' },
};

export const reassignmentOverdue: SmsTemplate = {
  id: 'reassignment_overdue',
  kind: 'reassignment',
  name: '逾期任务改派通知',
  purpose: '已逾期的探访任务被改派时，告知新的探访人员尽快探访',
  text: '改派通知：一项已逾期的探访任务改由您负责，对象${elder}，住${village}，原定${dueDate}前完成，请尽快${method}探访并在系统中记录。',
  variables: [elder, village, date('dueDate', '原定截止日期'), method],
  audience: 'staff',
  sample: { elder: '李*英', village: '槐树店社区', dueDate: '2026-11-15', method: '电话或上门' },
};

export const followUp: SmsTemplate = {
  id: 'follow_up',
  kind: 'follow_up',
  name: '跟踪回访任务通知',
  purpose: '探访中发现安全隐患、紧急情况或未解决的需求时，告知镇（街道）指导员已为其开立跟踪回访任务及截止日期',
  text: '跟踪回访通知：探访人员在${village}老人${elder}处发现需跟进的情况，已为您开立跟踪回访任务，请于${dueDate}前完成并在探访系统中记录。',
  variables: [village, elder, date('dueDate', '回访截止日期')],
  audience: 'staff',
  sample: { village: '天鹅村', elder: '王*明', dueDate: '2026-11-19' },
};

export const TASK_TEMPLATES: readonly SmsTemplate[] = [assignmentDigest, escalationDigest, reassignment, reassignmentOverdue, followUp];

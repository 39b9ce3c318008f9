import type { SmsTemplate } from '../template';
import { count, elder, village } from './variables';

/**
 * Urgent messages: they go at once, in quiet hours too, and past per-phone caps. They say that
 * something needs attention and who to call, never what (no health detail goes into an SMS).
 */

export const emergencyFamily: SmsTemplate = {
  id: 'emergency_family',
  kind: 'emergency',
  name: '紧急情况家属提醒',
  purpose: '探访人员在老人家中发现紧急情况时，立即提醒老人的紧急联系人（子女等）联系老人或所在村（社区）',
  text: '紧急提醒：探访人员在您家老人${elder}处发现需要紧急处理的情况，请立即联系老人，或联系老人所在村（社区）。',
  variables: [elder],
  audience: 'family',
  sample: { elder: '张*华' },
};

export const emergencyStaff: SmsTemplate = {
  id: 'emergency_staff',
  kind: 'emergency',
  name: '紧急情况处置通知',
  purpose: '探访中发现紧急情况或安全隐患时，立即通知村（社区）联络员和镇（街道）指导员处置',
  text: '紧急情况：探访人员在${village}老人${elder}处发现紧急情况或安全隐患，请立即处置，并安排跟踪回访。',
  variables: [village, elder],
  audience: 'staff',
  sample: { village: '天鹅村', elder: '张*华' },
};

export const urgentUndelivered: SmsTemplate = {
  id: 'urgent_undelivered',
  kind: 'urgent_undelivered',
  name: '紧急短信未送达提醒',
  purpose: '发给老人家属的紧急短信在规定时间内未送达时，通知镇（街道）指导员改用电话或上门联系',
  text: '送达提醒：发给${village}老人${elder}家属的紧急短信未能送达，请尽快电话或上门联系其家属和老人。',
  variables: [village, elder],
  audience: 'staff',
  sample: { village: '天鹅村', elder: '张*华' },
};

/**
 * Several families of one township not reached in the same run: one SMS with the count, not
 * one per family (a red warning whose receipts never come would otherwise send the instructor
 * one urgent SMS per family, past every per-phone cap).
 */
export const urgentUndeliveredDigest: SmsTemplate = {
  id: 'urgent_undelivered_digest',
  kind: 'urgent_undelivered',
  name: '紧急短信未送达汇总提醒',
  purpose: '同一时段内多位老人家属的紧急短信未能送达时，汇总一次通知镇（街道）指导员逐一电话或上门联系，名单在探访系统中查看',
  text: '送达提醒：发给您辖区${count}位老人家属的紧急短信未能送达，请登录探访系统查看名单，尽快电话或上门联系其家属和老人。',
  variables: [count('count', '未送达的老人数')],
  audience: 'staff',
  sample: { count: 3 },
};

export const URGENT_TEMPLATES: readonly SmsTemplate[] = [emergencyFamily, emergencyStaff, urgentUndelivered, urgentUndeliveredDigest];

import type { SmsTemplate } from '../template';
import { count, village } from './variables';

/**
 * The ledger stays current (每半年动态更新一次): once a month the village liaison hears how many
 * entries of their village are past the review interval. A template of its own rather than a
 * line in the escalation digest: it is monthly office work, not an overdue visit, and folding it
 * in would make every escalation digest read like a chore (and need filing again).
 */
export const ledgerReviewReminder: SmsTemplate = {
  id: 'ledger_review_reminder',
  kind: 'ledger_review',
  audience: 'staff',
  name: '台账更新提醒',
  purpose: '每月一次提醒村（居）联络员：其负责的村（社区）有老人台账超过规定时间未核实更新（特殊困难老年人台账每半年动态更新一次），请逐一核实并在探访系统中记录',
  text: '台账更新提醒：您负责的${village}有${count}位老人台账已超过${months}个月未核实更新，请登录探访系统逐一核实并记录。',
  variables: [village, count('count', '超过期限未核实的老人数'), count('months', '台账核实间隔（月）')],
  sample: { village: '天鹅村', count: 7, months: 6 },
};

export const LEDGER_TEMPLATES: readonly SmsTemplate[] = [ledgerReviewReminder];

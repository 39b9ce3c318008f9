import { EVENT_TYPE_NAMES } from '../../special/event';
import type { SmsTemplate } from '../template';
import { count, date, dayHour, word } from './variables';

/**
 * Events that are not weather (事故灾害、公共卫生事件, 疫情封控): one visitor and one family
 * notice, the event's kind as a word variable (its own title is free text and stays in the app).
 */
const event = word('event', '事件类型（疫情封控、公共卫生事件、事故灾害）', Object.values(EVENT_TYPE_NAMES));

export const eventVisitor: SmsTemplate = {
  id: 'event_visitor',
  kind: 'event_notice',
  audience: 'staff',
  name: '突发事件探访通知',
  purpose: '发生疫情封控、公共卫生事件或事故灾害时，告知探访人员需加强关爱的老人人数和最早一项的截止时间，探访方式按系统任务要求',
  text: '${event}期间（至${until}）：您负责的${elders}位老人需加强关爱，请按探访系统中任务要求的方式逐一联系，最早一项须在${dueBy}前完成，其中${home}位需上门。请提醒老人做好防护。',
  variables: [event, date('until', '事件结束日期'), count('elders', '需关照的老人数'), dayHour('dueBy', '最早截止（日、时）'), count('home', '其中需上门的老人数')],
  sample: { event: '疫情封控', until: '2026-11-20', elders: 12, dueBy: '2026-11-11T23:59:59+08:00', home: 0 },
};

export const eventFamily: SmsTemplate = {
  id: 'event_family',
  kind: 'event_notice',
  audience: 'family',
  name: '突发事件家属提醒',
  purpose: '发生疫情封控、公共卫生事件或事故灾害时，提醒特殊困难老人的子女（第一探访联系人）多电话或视频问候老人',
  text: '${event}期间（至${until}）：请多给家中老人打电话或视频问候，提醒老人做好防护，有困难联系村（社区）。',
  variables: [event, date('until', '事件结束日期')],
  sample: { event: '事故灾害', until: '2026-11-20' },
};

export const EVENT_TEMPLATES: readonly SmsTemplate[] = [eventVisitor, eventFamily];

import { ALARM_DEVICE_WORDS } from '../../devices/alarm';
import type { SmsTemplate } from '../template';
import { elder, village, word } from './variables';

/**
 * Smart-device alarms (民发 004: 一旦监测异常，能够及时预警，并同步向紧急联系人发送提示信息): urgent,
 * like an emergency found on a visit, at once and past quiet hours and per-phone caps. The device
 * is named by a word from a fixed list (a safety alarm by its hazard; health monitors only as
 * 监护设备), never the reading, never a condition.
 */
const device = word('device', '报警设备类型（如烟雾报警器、监护设备）', [...new Set(Object.values(ALARM_DEVICE_WORDS))]);

export const deviceAlarmFamily: SmsTemplate = {
  id: 'device_alarm_family',
  kind: 'emergency',
  audience: 'family',
  name: '智能设备报警家属提醒',
  purpose: '老人家中登记的智能设备（紧急呼叫器、烟雾或燃气报警器、智能水电表、监护设备）监测到异常时，立即提醒老人的紧急联系人联系老人',
  text: '紧急提醒：您家老人${elder}家中的${device}发出报警，请立即联系老人，或联系老人所在村（社区）。',
  variables: [elder, device],
  sample: { elder: '张*华', device: '燃气报警器' },
};

export const deviceAlarmStaff: SmsTemplate = {
  id: 'device_alarm_staff',
  kind: 'emergency',
  audience: 'staff',
  name: '智能设备报警处置通知',
  purpose: '老人家中登记的智能设备监测到异常时，立即通知村（社区）联络员和镇（街道）指导员联系老人和家属处置',
  text: '设备报警：${village}老人${elder}家中的${device}发出报警，请立即联系老人和家属处置，并安排跟踪回访。',
  variables: [village, elder, device],
  sample: { village: '天鹅村', elder: '张*华', device: '紧急呼叫器' },
};

export const DEVICE_ALARM_TEMPLATE_IDS = [deviceAlarmFamily.id, deviceAlarmStaff.id] as const;

export const DEVICE_TEMPLATES: readonly SmsTemplate[] = [deviceAlarmFamily, deviceAlarmStaff];

import { z } from 'zod';
import type { Instant } from '../time/instant';
import { toMillis } from '../time/instant';
import { isInTheFuture, MAX_CLOCK_SKEW_MINUTES } from '../time/skew';
import type { FieldIssue } from '../validation';
import { zhParams } from '../validation';

/**
 * What a smart device can report. 民发 004 (and 四川 000): 倡导老年人家庭配置智能呼叫系统、智能电水表、
 * 健康监测产品、养老监护装置等设备实现实时监护，一旦监测异常，能够及时预警，并同步向紧急联系人发送提示信息.
 * fall 跌倒, no_movement 长时间无活动, smoke 烟雾, gas 燃气泄漏, sos 紧急呼叫按钮, water 用水异常
 * (a smart water meter: no use for a day, or a tap left running), electricity 用电异常.
 */
export const ALARM_KINDS = ['fall', 'no_movement', 'smoke', 'gas', 'sos', 'water', 'electricity'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export const ALARM_KIND_NAMES_ZH: Record<AlarmKind, string> = {
  fall: '跌倒',
  no_movement: '长时间无活动',
  smoke: '烟雾',
  gas: '燃气泄漏',
  sos: '紧急呼叫',
  water: '用水异常',
  electricity: '用电异常',
};

/**
 * How an SMS names the device that alarmed (a `word` variable, ≤ 6 characters). Safety hazards
 * are named because they change what a family does first (gas: no switches, open windows);
 * health monitoring is not (a fall or a still room is health information, which never goes
 * into an SMS): both say 监护设备.
 */
export const ALARM_DEVICE_WORDS: Record<AlarmKind, string> = {
  fall: '监护设备',
  no_movement: '监护设备',
  smoke: '烟雾报警器',
  gas: '燃气报警器',
  sos: '紧急呼叫器',
  water: '智能水表',
  electricity: '智能电表',
};

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');

/** The small JSON form a device platform posts for one alarm. */
export const deviceAlarmSchema = z
  .object({
    deviceId: id,
    elderId: id,
    kind: z.enum(ALARM_KINDS, { error: `must be one of ${ALARM_KINDS.join(', ')}` }),
    /** When the device detected it (its platform's clock), ISO 8601 with offset. */
    at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with offset, e.g. 2026-11-23T10:30:00+08:00' }),
    /** What the device measured, when it measures something (a gas concentration, litres). Never shown in an SMS. */
    reading: z
      .object({
        value: z
          .number()
          .refine(Number.isFinite, { message: 'must be a finite number', ...zhParams('not_finite', '必须是有限的数值') })
          .refine((v) => Math.abs(v) <= 1e9, { message: 'must be within ±1e9', ...zhParams('reading_out_of_range', '读数须在 ±10⁹ 以内') }),
        unit: z.string().trim().min(1, 'must not be empty').max(16, 'at most 16 characters'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type DeviceAlarm = z.infer<typeof deviceAlarmSchema>;

/** An alarm older than this is stale: refused, since acting on it would mislead (call the elder instead). */
export const DEFAULT_MAX_ALARM_AGE_MINUTES = 60;

/**
 * Times an alarm cannot be acted on at `now`: after now beyond the allowed clock skew (a
 * platform's clock is believed to within 5 minutes, like a phone's), or older than the
 * region's limit (a platform replaying yesterday's queue must not wake a family tonight).
 */
export function alarmTimeIssues(at: string, now: Instant, maxAgeMinutes: number): FieldIssue[] {
  if (isInTheFuture(at, now)) {
    return [
      {
        field: 'at',
        rule: `is in the future (${at}; now ${now}, allowing ${MAX_CLOCK_SKEW_MINUTES} minutes of clock skew)`,
        code: 'from_future',
        message: `报警时间${at}晚于现在（${now}，允许${MAX_CLOCK_SKEW_MINUTES}分钟误差）：请核对设备平台的时钟`,
      },
    ];
  }
  if (toMillis(now) - Date.parse(at) > maxAgeMinutes * 60_000) {
    return [
      {
        field: 'at',
        rule: `is more than ${maxAgeMinutes} minutes before now (${now}): a stale alarm is refused; the platform should send alarms as they happen`,
        code: 'alarm_stale',
        message: `报警时间早于现在（${now}）超过${maxAgeMinutes}分钟，过时的报警不予处理；设备平台应在报警发生时即时推送`,
      },
    ];
  }
  return [];
}

/** An alarm as stored: once per device, kind and time (a platform's retry is the same alarm), on its incident. */
export interface StoredAlarm extends DeviceAlarm {
  incidentId: string;
  platformId: string;
  receivedAt: Instant;
}

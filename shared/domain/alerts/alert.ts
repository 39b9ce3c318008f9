import { z } from 'zod';
import { areaCodeSchema } from '../elder/area-code';
import { toInstant, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';

/** Warning types of China's meteorological early-warning signals (气象灾害预警信号). */
export const ALERT_EVENTS = ['typhoon', 'rainstorm', 'blizzard', 'cold_wave', 'gale', 'sandstorm', 'heat', 'drought', 'lightning', 'hail', 'frost', 'fog', 'haze', 'icy_road'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export const ALERT_EVENT_NAMES: Record<AlertEvent, string> = {
  typhoon: '台风',
  rainstorm: '暴雨',
  blizzard: '暴雪',
  cold_wave: '寒潮',
  gale: '大风',
  sandstorm: '沙尘暴',
  heat: '高温',
  drought: '干旱',
  lightning: '雷电',
  hail: '冰雹',
  frost: '霜冻',
  fog: '大雾',
  haze: '霾',
  icy_road: '道路结冰',
};

/** Colour levels, ascending: blue (IV, 一般) < yellow (III) < orange (II) < red (I, 特别严重). */
export const ALERT_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const ALERT_LEVEL_NAMES: Record<AlertLevel, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

export const ALERT_MESSAGE_TYPES = ['Alert', 'Update', 'Cancel'] as const;
export type AlertMessageType = (typeof ALERT_MESSAGE_TYPES)[number];

export function levelAtLeast(level: AlertLevel, min: AlertLevel): boolean {
  return ALERT_LEVELS.indexOf(level) >= ALERT_LEVELS.indexOf(min);
}

/** An ISO 8601 time with an offset (any), normalised to China Standard Time. */
const instantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'must be an ISO 8601 time with an offset, e.g. 2026-07-20T10:00:00+08:00')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real time')
  .transform((s): Instant => toInstant(new Date(s)));

/** One official weather warning message, from CAP 1.2 or the JSON form. */
export const weatherAlertSchema = z
  .object({
    identifier: z.string().min(1).max(200).regex(/^[^\s,<>&]+$/, 'must not contain spaces, commas or <>&'),
    sender: z.string().min(1).max(200),
    sent: instantSchema,
    msgType: z.enum(ALERT_MESSAGE_TYPES, { error: 'must be Alert, Update or Cancel' }).default('Alert'),
    /** Identifiers of the earlier messages an Update or Cancel refers to. */
    references: z.array(z.string().min(1)).default([]),
    event: z.enum(ALERT_EVENTS, { error: `must be one of ${ALERT_EVENTS.join(', ')}` }),
    level: z.enum(ALERT_LEVELS, { error: `must be one of ${ALERT_LEVELS.join(', ')}` }),
    areaCodes: z.array(areaCodeSchema).min(1, 'at least one affected area code (GB/T 2260)').max(500).transform((codes) => [...new Set(codes)]),
    onset: instantSchema,
    expires: instantSchema,
    headline: z.string().max(500).optional(),
    description: z.string().max(4000).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (toMillis(a.expires) <= toMillis(a.onset)) ctx.addIssue({ code: 'custom', path: ['expires'], message: 'must be after onset' });
    if (a.msgType !== 'Alert' && a.references.length === 0)
      ctx.addIssue({ code: 'custom', path: ['references'], message: `an ${a.msgType} must reference the message it ${a.msgType === 'Update' ? 'updates' : 'cancels'}` });
  });

export type WeatherAlert = z.output<typeof weatherAlertSchema>;
export type WeatherAlertInput = z.input<typeof weatherAlertSchema>;

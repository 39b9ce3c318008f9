import { z } from 'zod';
import { areaCodeSchema } from '../elder/area-code';
import { toInstant, toMillis } from '../time/instant';
import type { Instant } from '../time/instant';

/**
 * The 14 warning types of China's meteorological early-warning signals (气象灾害预警信号,
 * 中国气象局令第16号). Local signals outside this list (雷雨大风, 森林火险…) raise no visits
 * until a policy says how to treat them, so they are rejected rather than guessed.
 */
export const ALERT_EVENTS = ['typhoon', 'rainstorm', 'blizzard', 'cold_wave', 'gale', 'sandstorm', 'heat', 'drought', 'lightning', 'hail', 'frost', 'fog', 'haze', 'icy_road'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** The official Chinese signal names, as printed in warnings and in our SMS texts. */
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

/** Colour levels, ascending: blue (IV, 一般) < yellow (III, 较重) < orange (II, 严重) < red (I, 特别严重). */
export const ALERT_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const ALERT_LEVEL_NAMES: Record<AlertLevel, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

/** The CAP message types that change what we do; Ack and Error are replies between systems. */
export const ALERT_MESSAGE_TYPES = ['Alert', 'Update', 'Cancel'] as const;
export type AlertMessageType = (typeof ALERT_MESSAGE_TYPES)[number];

/** One official weather warning message, from CAP 1.2 or the JSON form. */
export interface WeatherAlert {
  /** CAP identifier, unique per message (an Update gets a new one). */
  identifier: string;
  sender: string;
  sent: Instant;
  msgType: AlertMessageType;
  /** Identifiers of the earlier messages this one updates or cancels (the identifier part of CAP `<references>` triples). */
  references: string[];
  event: AlertEvent;
  level: AlertLevel;
  /** GB/T 2260 codes of the affected areas, deduplicated, at least one. */
  areaCodes: string[];
  onset: Instant;
  /** Always after onset. */
  expires: Instant;
  headline?: string;
  description?: string;
}

/** Whether `level` is `min` or more severe, e.g. "orange or above raises home visits". */
export function levelAtLeast(level: AlertLevel, min: AlertLevel): boolean {
  return ALERT_LEVELS.indexOf(level) >= ALERT_LEVELS.indexOf(min);
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether the calendar date exists: Date.parse quietly rolls 2026-02-31 over into March. */
function isRealTime(value: string): boolean {
  const m = ISO_WITH_OFFSET.exec(value);
  if (!m || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Says "is required" for a missing field instead of zod's "expected string, received undefined". */
const requiredText = (what: string) => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

/**
 * An ISO 8601 time with an offset (any; senders outside China use Z), normalised to the
 * +08:00 Instant form so alerts compare with every other time in Tanfang as strings.
 */
export const alertTimeSchema = requiredText('an ISO 8601 time')
  .regex(ISO_WITH_OFFSET, { message: 'must be an ISO 8601 time with an offset, e.g. 2026-07-20T10:00:00+08:00', abort: true })
  .refine(isRealTime, 'must be a real calendar time')
  .transform((s): Instant => toInstant(new Date(s)));

const knownList = (values: readonly string[]) => values.join(', ');

/**
 * The one shape both input forms are checked against. Strict: an unknown field is more likely
 * a sender's mistake (say `colour` for `level`) than something safe to drop.
 */
export const weatherAlertSchema = z
  .strictObject({
    // CAP 1.2 §3.2.1: an identifier must not contain spaces, commas or the restricted characters < and &.
    identifier: requiredText('text')
      .min(1, 'must not be empty')
      .max(200, 'at most 200 characters')
      .regex(/^[^\s,<&]+$/, 'must not contain spaces, commas, < or &'),
    sender: requiredText('text').min(1, 'must not be empty').max(200, 'at most 200 characters'),
    sent: alertTimeSchema,
    msgType: z.enum(ALERT_MESSAGE_TYPES, { error: `must be one of ${knownList(ALERT_MESSAGE_TYPES)}` }).default('Alert'),
    references: z
      .array(
        requiredText('text')
          .min(1, 'must not be empty')
          .regex(/^[^\s,<&]+$/, 'must be one message identifier'),
      )
      .max(100, 'at most 100 references')
      .default([]),
    event: z.enum(ALERT_EVENTS, { error: `must be one of ${knownList(ALERT_EVENTS)}` }),
    level: z.enum(ALERT_LEVELS, { error: `must be one of ${knownList(ALERT_LEVELS)}` }),
    areaCodes: z
      .array(areaCodeSchema, { error: 'must be a list of GB/T 2260 area codes' })
      .min(1, 'at least one affected area code (GB/T 2260) is required')
      .max(500, 'at most 500 area codes')
      .transform((codes) => [...new Set(codes)]),
    onset: alertTimeSchema,
    expires: alertTimeSchema,
    headline: z.string().max(500, 'at most 500 characters').optional(),
    description: z.string().max(4000, 'at most 4000 characters').optional(),
  })
  .superRefine((a, ctx) => {
    if (toMillis(a.expires) <= toMillis(a.onset)) ctx.addIssue({ code: 'custom', path: ['expires'], message: `must be after onset (${a.onset})` });
    if (a.msgType !== 'Alert' && a.references.length === 0) ctx.addIssue({ code: 'custom', path: ['references'], message: `an ${a.msgType} must reference the message it ${a.msgType === 'Update' ? 'updates' : 'cancels'}` });
  });

export type WeatherAlertInput = z.input<typeof weatherAlertSchema>;

/** Compile-time guard: the schema produces exactly the WeatherAlert interface other code relies on. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemaMatchesWeatherAlert = Assert<Same<z.output<typeof weatherAlertSchema>, WeatherAlert>>;

import { z } from 'zod';
import { isoDateSchema } from '../elder/age';
import { areaCodeSchema } from '../elder/area-code';
import { outsideDeployment } from '../elder/deployment';
import type { Deployment } from '../elder/deployment';
import { addDays, daysBetween } from '../time/local-date';
import type { LocalDate } from '../time/local-date';
import type { Instant } from '../time/instant';
import type { FieldIssue } from '../validation';

/**
 * Events that are not weather (民发〔2022〕73号 二(五): 事故灾害、公共卫生事件; 四川 and 上海:
 * 封控期间加大远程探访频次). An administrator declares one for areas and dates; the region's
 * `specialPeriods` rules with an `event` trigger say what it does.
 */
export const EVENT_TYPES = ['epidemic_lockdown', 'public_health', 'disaster'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** As office staff and SMS say them. */
export const EVENT_TYPE_NAMES: Record<EventType, string> = { epidemic_lockdown: '疫情封控', public_health: '公共卫生事件', disaster: '事故灾害' };

/** The longest one declaration may last; a longer event is declared again (an update) when it is extended. */
export const MAX_EVENT_DAYS = 92;

export const eventDeclarationSchema = z
  .object({
    /** The office's own reference for the event, stable across updates (e.g. 成华2026-03). */
    eventId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, _ or -'),
    type: z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` }),
    /** What the order calls it, shown in the app (never in an SMS: free text cannot be a template variable). */
    title: z.string().trim().min(1, 'must not be empty').max(60, 'at most 60 characters'),
    areaCodes: z
      .array(areaCodeSchema)
      .min(1, 'at least one affected area code (GB/T 2260) is required')
      .max(200, 'at most 200 area codes')
      .transform((codes) => [...new Set(codes)]),
    from: isoDateSchema,
    to: isoDateSchema,
    /** The order stops home visits (封控管理等无法上门探访): routine home visits may be made remotely meanwhile. */
    homeVisitsSuspended: z.boolean().default(false),
    /** The order's reference (文号), for the record. */
    order: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters').optional(),
  })
  .strict();
export type EventDeclaration = z.infer<typeof eventDeclarationSchema>;

/** A declared event as stored on its occasion. */
export interface PublicEvent extends EventDeclaration {
  declaredBy: string;
  declaredAt: Instant;
}

const issue = (field: string, code: string, rule: string, message: string): FieldIssue => ({ field, rule, code, message });

/**
 * What a declaration asked for on `today` gets wrong: dates reversed, too long or over, and any
 * area outside the deployment (an administrator's typo is refused whole rather than half-applied).
 */
export function eventProblems(d: EventDeclaration, today: LocalDate, deployment: Deployment): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (d.to < d.from) issues.push(issue('to', 'event_dates_reversed', `must not be before from (${d.from})`, `结束日期不能早于开始日期（${d.from}）`));
  else if (daysBetween(d.from, d.to) + 1 > MAX_EVENT_DAYS) issues.push(issue('to', 'event_too_long', `an event lasts at most ${MAX_EVENT_DAYS} days; extend it later with an update`, `一次最长${MAX_EVENT_DAYS}天，延长请再次提交更新`));
  if (d.to < today) issues.push(issue('to', 'event_over', `has passed (${d.to}; today ${today}): an event that is over raises no visits`, `事件已结束（${d.to}，今天${today}），不再增加探访`));
  if (d.from > addDays(today, 31)) issues.push(issue('from', 'event_too_far', 'may begin at most 31 days ahead', '开始日期最多只能提前31天'));
  d.areaCodes.forEach((code, i) => {
    const outside = outsideDeployment(code, deployment);
    if (outside) issues.push(issue(`areaCodes.${i}`, 'outside_deployment', outside, `区划${code}不在本部署的服务范围内`));
  });
  return issues;
}

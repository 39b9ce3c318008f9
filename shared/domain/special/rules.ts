import { z } from 'zod';
import { ALERT_EVENTS, ALERT_LEVELS } from '../alerts/alert';
import { FESTIVAL_IDS } from '../calendar';
import { VISIT_METHODS } from '../policy/methods';
import { EVENT_TYPES } from './event';

const ruleId = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lower-case letters, digits, _ or - and start with a letter');

const alertTrigger = z
  .object({
    kind: z.literal('alert'),
    /** Which warning types raise the rule; "any" for all of them. */
    events: z.union([z.literal('any'), z.array(z.enum(ALERT_EVENTS)).min(1, 'name at least one event or "any"')]),
    /** The lowest colour level that raises the rule (blue < yellow < orange < red). */
    minLevel: z.enum(ALERT_LEVELS),
  })
  .strict();

const festivalTrigger = z
  .object({
    kind: z.literal('festival'),
    festivals: z.array(z.enum(FESTIVAL_IDS)).min(1, 'name at least one festival'),
    /** `day`: the festival day itself; `statutory_holiday`: the whole public holiday around it when published (else the day). */
    span: z.enum(['day', 'statutory_holiday']).default('day'),
  })
  .strict();

const eventTrigger = z
  .object({
    kind: z.literal('event'),
    /** Which declared events raise the rule (疫情封控, 公共卫生事件, 事故灾害). */
    events: z.array(z.enum(EVENT_TYPES)).min(1, 'name at least one event type'),
  })
  .strict();

const specialTaskSchema = z
  .object({
    /**
     * once: one task per elder per occasion; daily: one task for every day of the alert or
     * festival span; periodic (events): one contact every `everyDays` days of the event.
     */
    repeat: z.enum(['once', 'daily', 'periodic']),
    /** For a periodic task: the days each contact's window spans (2: a contact every two days). */
    everyDays: z.number().int('must be a whole number of days').min(1).max(7).optional(),
    /** For a `once` alert task: hours from the alert (or its receipt, if later) to the deadline. */
    withinHours: z.number().int('must be a whole number of hours').min(1).max(72).optional(),
    /** For a festival task: days before the festival the window opens (a visit just before the day counts). */
    leadDays: z.number().int().min(0).max(7).default(0),
    methods: z.array(z.enum(VISIT_METHODS)).min(1, 'at least one visit method must count'),
    homeRequired: z.boolean(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.homeRequired && !t.methods.includes('home')) ctx.addIssue({ code: 'custom', path: ['methods'], message: 'must include "home" when a home visit is required' });
  });

/**
 * One special-period rule (特殊时间节点): on which alerts or festivals, for which tiers, which
 * extra task, and who is told. Rules are ordered; for each elder the first rule that matches
 * the occasion and the elder's tier decides, so "key elders: home visit in 24 h" placed before
 * "everyone: phone check in 12 h" gives key elders the stricter task and nobody two tasks.
 */
export const specialRuleSchema = z
  .object({
    id: ruleId,
    /** The rule in words, as the policy document says it. */
    label: z.string().min(1),
    on: z.discriminatedUnion('kind', [alertTrigger, festivalTrigger, eventTrigger]),
    tiers: z.union([z.literal('all'), z.array(z.string().min(1)).min(1, 'name at least one tier or "all"')]),
    task: specialTaskSchema,
    notify: z
      .object({
        /** One SMS to each visitor of affected elders, with the count and safety guidance. */
        visitor: z.boolean(),
        /** One SMS to each first visit contact (the children), reminding them to call their parent. */
        family: z.boolean(),
      })
      .strict(),
    /**
     * Events whose order suspends home visits (封控管理等无法上门探访): the methods that, until the
     * event ends, also complete the routine tasks of the elders this rule covers that need a home visit.
     */
    whileHomeVisitsSuspended: z
      .object({
        routineMethods: z
          .array(z.enum(VISIT_METHODS))
          .min(1, 'at least one remote method must count')
          .refine((m) => !m.includes('home'), 'must not include "home": home visits are what is suspended'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.on.kind === 'alert' && r.task.repeat === 'once' && r.task.withinHours === undefined)
      ctx.addIssue({ code: 'custom', path: ['task', 'withinHours'], message: 'a once-only alert task needs withinHours (the deadline after the alert)' });
    if (r.task.repeat === 'periodic' && (r.on.kind !== 'event' || r.task.everyDays === undefined))
      ctx.addIssue({ code: 'custom', path: ['task', 'everyDays'], message: 'a periodic task is for events and needs everyDays (the days between contacts)' });
    if (r.task.repeat !== 'periodic' && r.task.everyDays !== undefined) ctx.addIssue({ code: 'custom', path: ['task', 'everyDays'], message: 'everyDays applies to periodic tasks only' });
    if (r.on.kind === 'event' && r.task.repeat === 'daily') ctx.addIssue({ code: 'custom', path: ['task', 'repeat'], message: 'an event task is once or periodic (periodic with everyDays 1 is a daily contact)' });
    if (r.on.kind === 'event' && r.task.repeat === 'once' && r.task.withinHours === undefined)
      ctx.addIssue({ code: 'custom', path: ['task', 'withinHours'], message: 'a once-only event task needs withinHours (the deadline after the event begins)' });
    if (r.on.kind === 'event' && r.task.leadDays > 0) ctx.addIssue({ code: 'custom', path: ['task', 'leadDays'], message: 'leadDays applies to festivals only' });
    if (r.whileHomeVisitsSuspended && r.on.kind !== 'event') ctx.addIssue({ code: 'custom', path: ['whileHomeVisitsSuspended'], message: 'applies to events only: only an order (封控) suspends home visits' });
    if (r.on.kind === 'alert' && r.task.leadDays > 0) ctx.addIssue({ code: 'custom', path: ['task', 'leadDays'], message: 'leadDays applies to festivals only: an alert cannot be visited before it is issued' });
  });

export type SpecialRule = z.infer<typeof specialRuleSchema>;
export type SpecialRuleInput = z.input<typeof specialRuleSchema>;

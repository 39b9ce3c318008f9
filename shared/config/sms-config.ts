import { z } from 'zod';
import { ALERT_EVENTS } from '../domain/alerts/alert';
import type { Policy } from '../domain/policy/policy';
import { hazardGroupOf, invitingVersionOf, templateById, TEMPLATE_IDS, weatherFamilyId, weatherVisitorId } from '../domain/sms/catalogue';
import { DEFAULT_DIGEST_WINDOWS } from '../domain/sms/digest-window';
import { SMS_KINDS } from '../domain/sms/message';
import type { ReplyMeaning } from '../domain/sms/message';
import { DEFAULT_IDENTICAL_SECONDS, DEFAULT_PER_DAY, DEFAULT_PER_KIND } from '../domain/sms/phone-budget';
import type { PhoneLimits } from '../domain/sms/phone-budget';
import type { SmsProviderId } from '../domain/sms/provider';
import { PROVIDER_RULES, providerIssues, structureIssues } from '../domain/sms/provider-rules';
import type { SmsTemplate } from '../domain/sms/template';
import { providerSettingsIssue } from './sms-providers';
import type { AliyunSmsSettings, TencentSmsSettings } from './sms-providers';

const REPLY_MEANINGS = ['escalation', 'family'] as const satisfies readonly ReplyMeaning[];

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM');

/** Kinds that are always urgent: capping them per phone would hold back an emergency. */
const ALWAYS_URGENT = ['emergency', 'urgent_undelivered'] as const;

/** The region config's SMS fields for registered templates, per-phone budgets and digest windows. */
export const smsTemplateFields = {
  /** Template id (`tanfang sms templates`) → the code the provider registered it under (Aliyun TemplateCode, Tencent TemplateId). */
  templateCodes: z.record(z.string(), z.string().min(1).max(64)).default({}),
  /** Template id → the text as finally filed, when the provider's reviewer asked for other wording (same variables). */
  templateTexts: z.record(z.string(), z.string().min(1).max(500)).default({}),
  perPhone: z
    .object({
      /** SMS of all kinds one phone may get per local day; default by provider (Tencent 2, others 10). */
      perDay: z.number().int().min(1).max(50).optional(),
      /** Tighter caps per kind and day (defaults: one assignment digest, one escalation per digest window…). */
      perKind: z.partialRecord(z.enum(SMS_KINDS), z.number().int().min(1).max(50)).default({}),
      /** The same text to the same phone waits this many seconds after the last one (Tencent's default: 30). */
      identicalSeconds: z.number().int().min(0).max(3600).default(DEFAULT_IDENTICAL_SECONDS),
    })
    .strict()
    .default({ perKind: {}, identicalSeconds: DEFAULT_IDENTICAL_SECONDS }),
  /** Local times supervisors get their escalation digest (one SMS per supervisor per window). */
  escalationWindows: z
    .array(hhmm)
    .min(1, 'name at least one time of day')
    .max(6, 'at most 6 windows a day: supervisors would get more SMS than the providers allow')
    .refine((w) => w.every((t, i) => i === 0 || t > w[i - 1]!), 'must be ascending times without repeats, e.g. ["09:00", "15:00"]')
    .default([...DEFAULT_DIGEST_WINDOWS]),
  /**
   * Minutes an urgent SMS to a family (emergency, orange/red warning) may go without a
   * "delivered" receipt before the township instructor is told to phone or go round.
   */
  deliveryDeadlineMinutes: z.number().int().min(5, 'must be at least 5 minutes: receipts take a few').max(720, 'must be at most 720 minutes (12 hours): an emergency cannot wait longer').default(30),
  /** A reply `1` later than this many hours after the message it answers is stored and ignored as late. */
  replyWithinHours: z.number().int().min(1).max(168, 'must be at most 168 hours (a week)').default(24),
  /**
   * Reply meanings whose messages go out in the template versions that invite the reply
   * (回复1…): `escalation` (digests), `family` (warning and festival family notices). Add one
   * once the provider has approved the new templates and their codes are in `templateCodes`.
   */
  inviteReplies: z
    .array(z.enum(REPLY_MEANINGS, { error: 'must be "escalation" or "family"' }))
    .refine((m) => new Set(m).size === m.length, 'must not repeat a meaning')
    .default([]),
};

export interface SmsSettings {
  provider: SmsProviderId;
  signature: string;
  templateCodes: Record<string, string>;
  templateTexts: Record<string, string>;
  perPhone: { perDay?: number | undefined; perKind: Partial<Record<(typeof SMS_KINDS)[number], number>>; identicalSeconds: number };
  escalationWindows: string[];
  deliveryDeadlineMinutes: number;
  replyWithinHours: number;
  inviteReplies: ReplyMeaning[];
  aliyun?: AliyunSmsSettings | undefined;
  tencent?: TencentSmsSettings | undefined;
}

/**
 * The template a region sends for a catalogue id: the version inviting a reply `1` when the
 * region has switched that meaning on (`sms.inviteReplies`), else the id itself.
 */
export function templateIdFor(sms: Pick<SmsSettings, 'inviteReplies'>, id: string): string {
  const inviting = invitingVersionOf(id);
  return inviting && sms.inviteReplies.includes(inviting.invites!.meaning) ? inviting.id : id;
}

/** A catalogue template as this region sends it: the text its office filed, if the reviewer changed it. */
export function regionTemplate(sms: Pick<SmsSettings, 'templateTexts'>, id: string): SmsTemplate {
  const template = templateById(id);
  if (!template) throw new Error(`no SMS template "${id}" in the catalogue`);
  const text = sms.templateTexts[id];
  return text === undefined ? template : { ...template, text };
}

/** The code the provider knows the template by; free-text providers (SNS, the local file) use our id. */
export function templateCodeOf(sms: Pick<SmsSettings, 'provider' | 'templateCodes'>, id: string): string | undefined {
  if (sms.provider === 'sns' || sms.provider === 'local') return id;
  return sms.templateCodes[id];
}

/** The per-phone limits in force: the region's, over the provider's defaults. */
export function phoneLimitsOf(sms: Pick<SmsSettings, 'provider' | 'perPhone' | 'escalationWindows'>): PhoneLimits {
  return {
    perDay: sms.perPhone.perDay ?? DEFAULT_PER_DAY[sms.provider],
    perKind: { ...DEFAULT_PER_KIND, escalation: sms.escalationWindows.length, ...sms.perPhone.perKind },
    identicalSeconds: sms.perPhone.identicalSeconds,
  };
}

/** Templates every deployment sends, whatever its policy. */
const ALWAYS = [
  'assignment_digest',
  'escalation_digest',
  'reassignment',
  'reassignment_overdue',
  'follow_up',
  'emergency_family',
  'emergency_staff',
  'urgent_undelivered',
  'urgent_undelivered_digest',
  'ledger_review_reminder',
  'leave_cover',
  'tasks_handover',
  'elder_moved',
  'unassigned_tasks',
];

/** Each template the region will send, with why (the policy rule that sends it); the reply-inviting versions where the region uses them. */
export function requiredTemplates(policy: Policy, sms: Pick<SmsSettings, 'inviteReplies'> = { inviteReplies: [] }): Map<string, string> {
  const needed = new Map<string, string>();
  const add = (id: string, why: string) => {
    const sent = templateIdFor(sms, id);
    if (!needed.has(sent)) needed.set(sent, sent === id ? why : `${why}, in the version inviting a reply (sms.inviteReplies)`);
  };
  for (const id of ALWAYS) add(id, 'every deployment sends it');
  for (const rule of policy.specialPeriods) {
    const why = `policy ${policy.id} rule ${rule.id} tells ${[rule.notify.visitor ? 'visitors' : '', rule.notify.family ? 'families' : ''].filter(Boolean).join(' and ')}`;
    const ids: string[] = [];
    if (rule.on.kind === 'festival') {
      if (rule.notify.visitor) ids.push('festival_visitor');
      if (rule.notify.family) ids.push('festival_family');
    } else if (rule.on.kind === 'event') {
      if (rule.notify.visitor) ids.push('event_visitor');
      if (rule.notify.family) ids.push('event_family');
    } else {
      const events = rule.on.events === 'any' ? ALERT_EVENTS : rule.on.events;
      for (const group of new Set(events.map(hazardGroupOf))) {
        if (rule.notify.visitor) ids.push(weatherVisitorId(group));
        if (rule.notify.family) ids.push(weatherFamilyId(group));
      }
    }
    for (const id of ids) add(id, why);
  }
  return needed;
}

/**
 * What a region's SMS settings get wrong, each naming the field: a template id that is not in
 * the catalogue, a code the provider could not have issued, a template the region sends with
 * no code, a filed text that breaks the provider's rules or changes the variables, a cap on an
 * urgent kind.
 */
export function smsIssues(sms: SmsSettings, policy: Policy, region: string): { field: string; rule: string }[] {
  const issues: { field: string; rule: string }[] = [];
  const known = (field: 'templateCodes' | 'templateTexts') => {
    for (const id of Object.keys(sms[field])) {
      if (!TEMPLATE_IDS.includes(id)) issues.push({ field: `sms.${field}.${id}`, rule: `no template "${id}" in the catalogue (tanfang sms templates --region ${region} lists them)` });
    }
  };
  known('templateCodes');
  known('templateTexts');
  for (const [id, text] of Object.entries(sms.templateTexts)) {
    const template = templateById(id);
    if (!template) continue;
    for (const issue of structureIssues({ text, variables: template.variables })) issues.push({ field: `sms.templateTexts.${id}`, rule: `${issue.field}: ${issue.rule}` });
  }
  for (const kind of ALWAYS_URGENT) {
    if (sms.perPhone.perKind[kind] !== undefined) issues.push({ field: `sms.perPhone.perKind.${kind}`, rule: `${kind} messages are urgent and are never held back per phone; remove the cap` });
  }
  const settings = providerSettingsIssue(sms.provider, { aliyun: sms.aliyun, tencent: sms.tencent });
  if (settings) issues.push(settings);
  if (sms.provider === 'sns' || sms.provider === 'local') return issues;
  const rules = PROVIDER_RULES[sms.provider];
  const needed = requiredTemplates(policy, sms);
  for (const [id, code] of Object.entries(sms.templateCodes)) {
    if (TEMPLATE_IDS.includes(id) && !rules.code.pattern.test(code)) issues.push({ field: `sms.templateCodes.${id}`, rule: rules.code.rule });
  }
  for (const [id, why] of needed) {
    if (sms.templateCodes[id] === undefined) {
      issues.push({ field: `sms.templateCodes.${id}`, rule: `is required (${why}): file the template with ${sms.provider} (tanfang sms templates --region ${region}) and add the code it was given` });
    }
  }
  for (const id of new Set([...needed.keys(), ...Object.keys(sms.templateCodes), ...Object.keys(sms.templateTexts)])) {
    if (!TEMPLATE_IDS.includes(id)) continue;
    const template = regionTemplate(sms, id);
    const field = sms.templateTexts[id] !== undefined ? `sms.templateTexts.${id}` : 'sms.provider';
    for (const issue of providerIssues(template, rules, sms.signature)) {
      issues.push({ field, rule: `template ${id} breaks ${sms.provider}'s rules: ${issue.field}: ${issue.rule}` });
    }
  }
  return issues;
}

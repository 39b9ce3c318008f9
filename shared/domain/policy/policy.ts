import { z } from 'zod';
import { ELDER_CATEGORIES } from '../elder/categories';
import { conditionSchema } from './condition';
import type { Condition } from './condition';
import { MIN_PERIOD_DAYS, PERIODS, VISIT_METHODS } from './methods';
import { specialRuleSchema } from '../special/rules';
import { homeVisitConsentSchema, ledgerReviewSchema, minimumAgeSchema } from './care-rules';

const idSchema = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be lower-case letters, digits or _ and start with a letter');

export const cadenceSchema = z
  .object({
    period: z.enum(PERIODS),
    visits: z.number().int('must be a whole number').min(1, 'at least one visit per period'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.visits > MIN_PERIOD_DAYS[c.period]) {
      ctx.addIssue({
        code: 'custom',
        path: ['visits'],
        message: `at most ${MIN_PERIOD_DAYS[c.period]} visits fit in a ${c.period} (one window per day)`,
      });
    }
  });
export type Cadence = z.infer<typeof cadenceSchema>;

const homeCondition = z.object({ when: conditionSchema, reason: z.string().min(1) }).strict();

/** When a home visit (入户探访) is required: always, never, or when a condition holds (or any of several, each with its reason). */
export const homeRequiredSchema = z.union([z.boolean(), homeCondition, z.array(homeCondition).min(1, 'list at least one condition')]);

export const tierSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1, 'a tier needs a name administrators recognise, e.g. 重点对象'),
    cadence: cadenceSchema,
    /** Visit methods that count towards the cadence when no home visit is required. */
    countedMethods: z.array(z.enum(VISIT_METHODS)).min(1, 'at least one visit method must count'),
    homeRequired: homeRequiredSchema,
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.homeRequired !== false && !t.countedMethods.includes('home')) {
      ctx.addIssue({
        code: 'custom',
        path: ['countedMethods'],
        message: 'must include "home" when a home visit can be required',
      });
    }
  });
export type Tier = z.infer<typeof tierSchema>;

export const ruleSchema = z
  .object({
    tier: idSchema,
    /** The rule in words, as the policy document says it, e.g. 高龄独居. */
    label: z.string().min(1),
    when: conditionSchema,
  })
  .strict();
export type Rule = { tier: string; label: string; when: Condition };

export const policySchema = z
  .object({
    id: idSchema,
    name: z.string().min(1),
    /** The document and clause the policy encodes, e.g. 川民发〔2023〕116号 三(一)1. */
    source: z.string().min(1),
    /** Categories of special-difficulty elders this region serves. */
    categories: z.array(z.enum(ELDER_CATEGORIES)).min(1),
    tiers: z.array(tierSchema).min(1),
    /** Ordered: the first rule that matches decides the tier; the last must be `{ "always": true }`. */
    rules: z.array(ruleSchema).min(1),
    /** The period over which the region measures its visit rate (月探访率 / Shanghai's 周探访率). */
    visitRatePeriod: z.enum(['week', 'month']),
    /** Extra visits and notices on weather warnings and festivals (特殊时间节点), ordered: first match per elder wins. */
    specialPeriods: z.array(specialRuleSchema).default([]),
    /** 待评估: elders classed by a box on the form rather than an assessment, flagged until one is recorded. */
    needsAssessment: z
      .object({ when: conditionSchema, label: z.string().min(1) })
      .strict()
      .optional(),
    /** Younger people are not registered (老年人: 60周岁以上). */
    minimumAge: minimumAgeSchema,
    /** What completes a visit when the elder or their carer refuses home visits. */
    homeVisitConsent: homeVisitConsentSchema,
    /** How often each ledger entry must be reviewed (每半年动态更新一次). */
    ledgerReview: ledgerReviewSchema,
  })
  .strict()
  .superRefine((p, ctx) => {
    const tierIds = p.tiers.map((t) => t.id);
    tierIds.forEach((id, i) => {
      if (tierIds.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'id'], message: `tier id "${id}" is used twice` });
    });
    p.rules.forEach((r, i) => {
      if (!tierIds.includes(r.tier))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'tier'],
          message: `names tier "${r.tier}", which is not one of ${tierIds.join(', ')}`,
        });
    });
    p.specialPeriods.forEach((r, i) => {
      if (p.specialPeriods.findIndex((o) => o.id === r.id) !== i) ctx.addIssue({ code: 'custom', path: ['specialPeriods', i, 'id'], message: `rule id "${r.id}" is used twice` });
      if (r.tiers !== 'all')
        r.tiers.forEach((t, j) => {
          if (!tierIds.includes(t)) ctx.addIssue({ code: 'custom', path: ['specialPeriods', i, 'tiers', j], message: `names tier "${t}", which is not one of ${tierIds.join(', ')}` });
        });
    });
    const last = p.rules[p.rules.length - 1];
    if (last && !('always' in last.when)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', p.rules.length - 1, 'when'],
        message: 'the last rule must be { "always": true } so that every eligible elder gets a tier',
      });
    }
    p.rules.forEach((r, i) => {
      if (i < p.rules.length - 1 && 'always' in r.when)
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'when'],
          message: 'only the last rule may be { "always": true }: the rules after it could never match',
        });
    });
  });

export type Policy = z.infer<typeof policySchema>;

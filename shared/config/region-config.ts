import { z } from 'zod';
import { DEFAULT_RETENTION, retentionConfigSchema } from './retention-config';
import { areaCodeSchema, areaLevel, isWithin } from '../domain/elder/area-code';
import { statutoryDaySchema } from '../domain/calendar';
import { DEFAULT_ESCALATION, escalationConfigSchema } from '../domain/escalation/ladder';
import { MIN_PERIOD_DAYS } from '../domain/policy/methods';
import { policySchema } from '../domain/policy/policy';
import type { Policy } from '../domain/policy/policy';
import { SMS_PROVIDERS } from '../domain/sms/provider';
import { DEFAULT_SPOT_CHECK } from '../domain/reports/spot-check';
import { authConfigSchema } from './auth-config';
import { DEFAULT_DEVICE_CONFIG, deviceConfigIssues, deviceConfigSchema } from './device-config';
import { rateIssues } from '../domain/sms/provider-rate';
import { hhmm, smsIssues, smsTemplateFields } from './sms-config';
import { smsProviderSettingsSchema } from './sms-providers';

/** AWS regions of the China partition (aws-cn), where SNS cannot send SMS. */
export const CHINA_PARTITION_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;

/** The AWS partition of a region: `aws-cn` for Beijing and Ningxia, `aws` otherwise. */
export const partitionOf = (region: string): 'aws' | 'aws-cn' => ((CHINA_PARTITION_REGIONS as readonly string[]).includes(region) ? 'aws-cn' : 'aws');

/**
 * Where the field app is served: CloudFront in front of a private bucket. In the AWS China
 * partition CloudFront serves nothing on its default *.cloudfront.cn domain: it needs a custom
 * domain with an ICP filing (ICP备案) and an IAM server certificate (CloudFront China does not
 * use ACM); without `domain` there, the stack keeps the app bucket and makes no distribution.
 */
export const webConfigSchema = z
  .object({
    /** The app's host name, e.g. tanfang.chenghua.gov.cn (a CNAME to the distribution). */
    domain: z
      .string()
      .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case host name such as tanfang.chenghua.gov.cn')
      .optional(),
    /** The domain's certificate: an ACM certificate ARN in us-east-1 (global partition), or an IAM server certificate id (China). */
    acmCertificateArn: z
      .string()
      .regex(/^arn:[a-z-]+:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, 'must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates there)')
      .optional(),
    iamCertificateId: z
      .string()
      .regex(/^[A-Z0-9]{16,32}$/, 'must be an IAM server certificate id (ASCA…)')
      .optional(),
    /** Origins the app may call besides its own and the API's: the OIDC issuer's token endpoint. */
    connectSources: z
      .array(z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d+)?$/, 'must be an https origin such as https://sso.sc.gov.cn'))
      .max(10)
      .default([]),
  })
  .strict();

export const regionConfigSchema = z
  .object({
    /** The deployment's name; must equal the config file name. */
    name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'must be lower-case letters, digits or - (2–31 characters)'),
    displayName: z.string().min(1),
    /** The policy file under shared/policies/ this region follows. */
    policy: z.string().min(1),
    /** Region adjustments allowed by the policy, e.g. Jining's "increase key visits as needed". */
    cadenceOverrides: z.record(z.string(), z.object({ visits: z.number().int().min(1) }).strict()).default({}),
    /** The administrative area this deployment serves (GB/T 2260 code). */
    deploymentArea: areaCodeSchema,
    /**
     * The counties (区/县) served, when the deployment covers a city or province: weather
     * warnings for a city are applied county by county. Defaults to the deployment area itself
     * when that is a county.
     */
    counties: z.array(areaCodeSchema).min(1).optional(),
    timeZone: z.literal('Asia/Shanghai', { error: 'must be "Asia/Shanghai": cadence periods are defined in the China Standard Time calendar' }),
    aws: z
      .object({
        account: z
          .string()
          .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
          .optional(),
        region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region name such as cn-northwest-1'),
        /**
         * Required (true) for a region outside mainland China: the deployment holds synthetic data
         * only (a demo or a test account), never an office's ledger.
         */
        syntheticDataOnly: z.boolean().optional(),
      })
      .strict(),
    /** Sign-in through the region's OIDC issuer (see auth-config.ts). */
    auth: authConfigSchema,
    sms: z
      .object({
        provider: z.enum(SMS_PROVIDERS),
        /** 短信签名, shown at the start of every SMS. */
        signature: z.string().regex(/^【[^【】]{2,12}】$/, 'must be 2–12 characters inside 【】, e.g. 【成华民政】'),
        quietHours: z.object({ start: hhmm, end: hhmm }).strict().default({ start: '21:00', end: '08:00' }),
        /**
         * Provider calls the sender starts per second (a batch of up to 1,000 numbers is one call):
         * at most the provider's request rate (Aliyun 5,000, Tencent 3,000, SNS 20; provider-rate.ts).
         */
        sendsPerSecond: z.number().int().min(1).max(5000).default(10),
        /** Provider calls in flight at once, within `sendsPerSecond`. */
        concurrency: z.number().int().min(1).max(256).default(1),
        /**
         * SMS segments per calendar month. Once spent, non-urgent SMS are held (visible, with a
         * warning); urgent ones (emergencies, orange and red warnings) still go. Absent: no cap.
         */
        monthlyBudgetSegments: z.number().int().min(1).optional(),
        /** Registered template codes, filed texts, per-phone budgets, escalation digest windows (see sms-config.ts). */
        ...smsTemplateFields,
        /** The domestic provider's settings that are not secret: `aliyun` or `tencent` (see sms-providers.ts). */
        ...smsProviderSettingsSchema.shape,
      })
      .strict(),
    /** The escalation ladders (per tier, `default` for the rest), acknowledgement and follow-up times. */
    escalation: escalationConfigSchema.default(DEFAULT_ESCALATION),
    calendar: z
      .object({
        /** Statutory holidays and adjusted working days published after the bundled data (国务院办公厅通知). */
        statutoryDays: z.array(statutoryDaySchema).default([]),
      })
      .strict()
      .default({ statutoryDays: [] }),
    /** 抽查: the monthly sample of completed visits per township an instructor verifies by phone. */
    spotCheck: z
      .object({
        share: z.number().gt(0, 'must be more than 0').max(1, 'at most 1 (every visit)').default(DEFAULT_SPOT_CHECK.share),
        minimum: z.number().int().min(1).max(1000).default(DEFAULT_SPOT_CHECK.minimum),
        flaggedWeight: z.number().min(0).max(100).default(DEFAULT_SPOT_CHECK.flaggedWeight),
        visitorFlagWeight: z.number().min(0).max(100).default(DEFAULT_SPOT_CHECK.visitorFlagWeight),
      })
      .strict()
      .default(DEFAULT_SPOT_CHECK),
    generation: z
      .object({
        /** Local time of the daily task generation run. */
        runAt: hhmm.default('06:00'),
        /** Tasks are created this many days before their window opens, so visitors can plan. */
        horizonDays: z.number().int().min(0).max(14).default(3),
      })
      .strict()
      .default({ runAt: '06:00', horizonDays: 3 }),
    /** The field app behind CloudFront (see webConfigSchema). */
    web: webConfigSchema.default({ connectSources: [] }),
    /** Smart-device platforms that post alarms, and how alarms merge into incidents (see device-config.ts). */
    devices: deviceConfigSchema.default(DEFAULT_DEVICE_CONFIG),
    /** How long closed tasks and SMS records stay in the hot tables (see retention-config.ts). */
    retention: retentionConfigSchema.default(DEFAULT_RETENTION),
  })
  .strict()
  .superRefine((c, ctx) => {
    const level = areaLevel(c.deploymentArea);
    if (c.counties === undefined && (level === 'city' || level === 'province')) {
      ctx.addIssue({ code: 'custom', path: ['counties'], message: `required when deploymentArea (${c.deploymentArea}) is a ${level}: list the county codes this deployment serves` });
    }
    c.counties?.forEach((county, i) => {
      if (areaLevel(county) !== 'county') ctx.addIssue({ code: 'custom', path: ['counties', i], message: `must be a county code (6 digits, not ending in 00); got ${county}` });
      else if (!isWithin(county, c.deploymentArea)) ctx.addIssue({ code: 'custom', path: ['counties', i], message: `${county} is not within deploymentArea ${c.deploymentArea}` });
    });
    if (partitionOf(c.aws.region) === 'aws' && c.aws.syntheticDataOnly !== true) {
      // PIPL art. 36: personal information handled by state organs is stored inside the country.
      ctx.addIssue({
        code: 'custom',
        path: ['aws', 'region'],
        message: `${c.aws.region} is outside mainland China, where an office's elder data must stay (PIPL art. 36): deploy to cn-north-1 or cn-northwest-1, or set aws.syntheticDataOnly: true for a deployment that holds synthetic data only`,
      });
    }
    for (const issue of deviceConfigIssues(c)) ctx.addIssue({ code: 'custom', ...issue });
    const china = partitionOf(c.aws.region) === 'aws-cn';
    if (c.web.domain && !(china ? c.web.iamCertificateId : c.web.acmCertificateArn)) {
      ctx.addIssue({
        code: 'custom',
        path: ['web', china ? 'iamCertificateId' : 'acmCertificateArn'],
        message: china
          ? `CloudFront in the China partition serves ${c.web.domain} only with an IAM server certificate (and the domain's ICP filing): upload the certificate to IAM and name its id`
          : `an ACM certificate in us-east-1 for ${c.web.domain} is required`,
      });
    }
    if (china && c.sms.provider === 'sns') {
      ctx.addIssue({
        code: 'custom',
        path: ['sms', 'provider'],
        message: `SNS cannot send SMS in the AWS China partition (${c.aws.region}); use a domestic SMS provider adapter`,
      });
    }
  });

export type RegionConfig = z.infer<typeof regionConfigSchema>;
export type RegionConfigInput = z.input<typeof regionConfigSchema>;

/** The counties a deployment serves (its own area when that is a county). */
export function servedCounties(config: RegionConfig): string[] {
  if (config.counties) return config.counties;
  return areaLevel(config.deploymentArea) === 'county' ? [config.deploymentArea] : [];
}

/** Everything a function needs at run time: the validated config and its policy with overrides applied. */
export interface RegionRuntime {
  config: RegionConfig;
  policy: Policy;
}

/** Applies the region's cadence overrides to its policy; errors name the override field and rule. */
export function applyOverrides(config: RegionConfig, policy: Policy): { ok: true; policy: Policy } | { ok: false; issues: { field: string; rule: string }[] } {
  const issues: { field: string; rule: string }[] = [];
  const tiers = policy.tiers.map((tier) => {
    const override = config.cadenceOverrides[tier.id];
    if (!override) return tier;
    if (override.visits > MIN_PERIOD_DAYS[tier.cadence.period]) {
      issues.push({
        field: `cadenceOverrides.${tier.id}.visits`,
        rule: `at most ${MIN_PERIOD_DAYS[tier.cadence.period]} visits fit in a ${tier.cadence.period}`,
      });
    }
    return { ...tier, cadence: { ...tier.cadence, visits: override.visits } };
  });
  for (const tierId of Object.keys(config.escalation.ladders)) {
    if (tierId !== 'default' && !policy.tiers.some((t) => t.id === tierId)) {
      issues.push({
        field: `escalation.ladders.${tierId}`,
        rule: `policy ${policy.id} has no tier "${tierId}" (tiers: ${policy.tiers.map((t) => t.id).join(', ')}, or "default")`,
      });
    }
  }
  for (const tierId of Object.keys(config.cadenceOverrides)) {
    if (!policy.tiers.some((t) => t.id === tierId)) {
      issues.push({
        field: `cadenceOverrides.${tierId}`,
        rule: `policy ${policy.id} has no tier "${tierId}" (tiers: ${policy.tiers.map((t) => t.id).join(', ')})`,
      });
    }
  }
  issues.push(...smsIssues(config.sms, policy, config.name), ...rateIssues(config.sms));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, policy: policySchema.parse({ ...policy, tiers }) };
}

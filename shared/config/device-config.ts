import { z } from 'zod';
import { areaCodeSchema, isWithin } from '../domain/elder/area-code';
import { DEFAULT_MAX_ALARM_AGE_MINUTES } from '../domain/devices/alarm';
import { DEFAULT_MERGE_MINUTES } from '../domain/devices/incident';
import { DEVICE_ALARM_TEMPLATE_IDS } from '../domain/sms/catalogue/devices';
import { zhParams } from '../domain/validation';

/** How long a signed alarm request is believed (its timestamp against our clock), both ways. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * A device platform (智慧养老平台: the vendor's cloud that watches an office's smart devices)
 * allowed to post alarms. It signs each request with its own key (kept in Secrets Manager, never
 * here) and speaks only for the elders of its area.
 */
export const devicePlatformSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -'),
    name: z.string().trim().min(1).max(40),
    /** The area whose elders this platform's devices serve (the deployment, a county, a township). */
    areaCode: areaCodeSchema,
  })
  .strict();

export type DevicePlatform = z.infer<typeof devicePlatformSchema>;

export const deviceConfigSchema = z
  .object({
    /** Platforms that may post alarms; none: the alarm endpoint refuses every request. */
    platforms: z
      .array(devicePlatformSchema)
      .max(50)
      .default([])
      .refine((p) => new Set(p.map((x) => x.id)).size === p.length, { message: 'platform ids must be unique', ...zhParams('platform_id_repeated', '设备平台编号不能重复') }),
    /** Alarms of one device and kind within this many minutes of each other are one incident. */
    mergeMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(DEFAULT_MERGE_MINUTES),
    /** An alarm detected longer ago than this is refused as stale. */
    maxAgeMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(DEFAULT_MAX_ALARM_AGE_MINUTES),
    /** A signed request's timestamp may differ from our clock by at most this much. */
    signatureToleranceSeconds: z.number().int().min(30).max(900).default(DEFAULT_SIGNATURE_TOLERANCE_SECONDS),
  })
  .strict();

export type DeviceConfig = z.infer<typeof deviceConfigSchema>;

/** A check of the whole config, as a zod issue with its code and Chinese text (see `zhParams`). */
type ConfigIssue = { path: (string | number)[]; message: string } & ReturnType<typeof zhParams>;

export const DEFAULT_DEVICE_CONFIG: DeviceConfig = { platforms: [], mergeMinutes: DEFAULT_MERGE_MINUTES, maxAgeMinutes: DEFAULT_MAX_ALARM_AGE_MINUTES, signatureToleranceSeconds: DEFAULT_SIGNATURE_TOLERANCE_SECONDS };

/**
 * What a region's device settings get wrong beyond their own shape: a platform serving an area
 * outside the deployment, and, with a domestic SMS provider, the device-alarm templates
 * without their registered codes (an alarm must never wait for a template to be filed).
 */
export function deviceConfigIssues(config: { deploymentArea: string; devices: DeviceConfig; sms: { provider: string; templateCodes: Record<string, string> } }): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  config.devices.platforms.forEach((p, i) => {
    if (!isWithin(p.areaCode, config.deploymentArea))
      issues.push({
        path: ['devices', 'platforms', i, 'areaCode'],
        message: `${p.areaCode} is not within deploymentArea ${config.deploymentArea}`,
        ...zhParams('outside_deployment', `设备平台的服务区域${p.areaCode}不在本部署范围（deploymentArea ${config.deploymentArea}）内`),
      });
  });
  const domestic = config.sms.provider === 'aliyun' || config.sms.provider === 'tencent';
  if (domestic && config.devices.platforms.length > 0) {
    for (const id of DEVICE_ALARM_TEMPLATE_IDS) {
      if (config.sms.templateCodes[id] === undefined)
        issues.push({
          path: ['sms', 'templateCodes', id],
          message: `is required while devices.platforms names a platform: file the device-alarm template with ${config.sms.provider} and add its code`,
          ...zhParams('template_code_required', `已配置设备平台（devices.platforms）时必填：请向${config.sms.provider}报备设备报警短信模板，并填写其模板编号`),
        });
    }
  }
  return issues;
}
